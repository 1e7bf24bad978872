extension Kernel {
    /// comm_info_request: the open comms, with their targets; only those of `target_name` when given.
    func commInfo(_ request: Message) -> JSONObject {
        let comms = interpreter.comms.openComms(target: request.content["target_name"]?.stringValue)
        return ["status": "ok", "comms": .object(comms.mapValues { ["target_name": .string($0)] })]
    }

    /// comm_open, comm_msg and comm_close from the frontend. They run on the shell thread like a cell:
    /// the router has published busy with this message as parent, an interrupt raises the context's
    /// flag, and what the handler publishes carries this message as parent (so ipywidgets matches its
    /// echo_update to the update it sent). A message that cannot be handled is logged and written to
    /// stderr, never lost and never fatal; comm messages have no reply.
    func handleComm(_ request: Message) -> JSONObject? {
        let context = KernelExecutionContext(iopub: iopub, request: request, interrupt: interrupt)
        interrupt.lower()
        do {
            guard let message = try CommMessage(request) else { return nil }
            try interpreter.comms.receive(message, context: context)
        } catch {
            logger.warning("\(request.messageType): \(error)")
            context.write("\(request.messageType): \(error)\n", to: .stderr)
        }
        return nil
    }
}
