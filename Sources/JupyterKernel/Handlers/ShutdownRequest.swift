extension Kernel {
    /// shutdown_request: the reply goes out on control and IOPub, then the kernel stops; the client's
    /// manager starts a new process when `restart` is true.
    func shutDown(_ request: Message) -> JSONObject {
        let restart = request.content["restart"]?.boolValue ?? false
        let content: JSONObject = ["status": "ok", "restart": .bool(restart)]
        iopub.publish(request.reply(type: "shutdown_reply", content: content))
        shutDown(restart: restart)
        return content
    }
}
