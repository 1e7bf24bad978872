/// This kernel has no comm targets (no widgets): it lists none and closes any comm a client opens.
enum CommRequests {
    static func info() -> JSONObject {
        ["status": "ok", "comms": [:]]
    }
}

extension Kernel {
    func refuseComm(_ request: Message) throws(RequestError) -> JSONObject? {
        let commID = try request.string("comm_id")
        iopub.publish(request.reply(type: "comm_close", content: ["comm_id": .string(commID), "data": [:]]))
        return nil
    }
}
