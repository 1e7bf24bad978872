import Foundation

/// Publishes a request's outputs on IOPub, each with the request as parent so the frontend places it
/// under the right cell (or, for a comm message, routes it to the widget that sent it).
struct KernelExecutionContext: ExecutionContext {
    let iopub: IOPub
    let request: Message
    let interrupt: InterruptSwitch
    /// For a detached context: the interrupt count when it was made; any later interrupt cancels it.
    var interruptsBefore: Int?

    var isCancelled: Bool {
        guard let interruptsBefore else { return interrupt.isRaised }
        return interrupt.count != interruptsBefore
    }

    func detached() -> any ExecutionContext {
        var context = self
        context.interruptsBefore = interrupt.count
        return context
    }

    func write(_ text: String, to stream: StreamName) {
        publish("stream", ["name": .string(stream.rawValue), "text": .string(text)])
    }

    func display(_ bundle: MimeBundle, displayID: String?) {
        publish("display_data", Self.content(bundle, displayID: displayID))
    }

    func updateDisplay(_ bundle: MimeBundle, displayID: String) {
        publish("update_display_data", Self.content(bundle, displayID: displayID))
    }

    func clearOutput(wait: Bool) {
        publish("clear_output", ["wait": .bool(wait)])
    }

    func send(_ message: CommMessage) {
        var reply = request.reply(type: message.kind.rawValue, content: message.content, metadata: message.metadata)
        reply.buffers = message.buffers
        iopub.publish(reply)
    }

    private func publish(_ type: String, _ content: JSONObject) {
        iopub.publish(request.reply(type: type, content: content))
    }

    private static func content(_ bundle: MimeBundle, displayID: String?) -> JSONObject {
        var content: JSONObject = ["data": .object(bundle.data), "metadata": .object(bundle.metadata)]
        content["transient"] = displayID.map { ["display_id": .string($0)] } ?? [:]
        return content
    }
}
