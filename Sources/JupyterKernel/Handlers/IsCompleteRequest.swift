extension Kernel {
    func isComplete(_ request: Message) throws(RequestError) -> JSONObject {
        switch interpreter.isComplete(try request.string("code")) {
        case .complete: ["status": "complete"]
        case .incomplete(let indent): ["status": "incomplete", "indent": .string(indent)]
        case .invalid: ["status": "invalid"]
        case .unknown: ["status": "unknown"]
        }
    }
}
