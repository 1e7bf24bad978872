extension Kernel {
    func history(_ request: Message) throws(RequestError) -> JSONObject {
        let content = request.content
        let entries: [History.Entry]
        switch try request.string("hist_access_type") {
        case "tail":
            let count = content["n"]?.intValue ?? 10
            entries = history.withLock { $0.tail(count) }
        case "range":
            let session = content["session"]?.intValue ?? 0
            let start = content["start"]?.intValue ?? 1
            let stop = content["stop"]?.intValue
            entries = history.withLock { $0.range(session: session, start: start, stop: stop) }
        case "search":
            let pattern = try request.string("pattern")
            let unique = content["unique"]?.boolValue ?? false
            entries = history.withLock { $0.search(pattern: pattern, count: content["n"]?.intValue, unique: unique) }
        case let other:
            throw RequestError(name: "MalformedRequest", value: "unknown hist_access_type '\(other)'")
        }
        let withOutput = content["output"]?.boolValue ?? false
        return [
            "status": "ok",
            "history": .array(entries.map { entry in
                let input: JSONValue = .string(entry.input)
                let item: JSONValue = withOutput ? [input, entry.output.map { .string($0) } ?? .null] : input
                return [JSONValue(History.session), JSONValue(entry.line), item]
            }),
        ]
    }
}
