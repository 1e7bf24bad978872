import Foundation

/// Publishes a cell's outputs on IOPub, each with the execute_request as parent so the frontend
/// places it under the right cell.
struct KernelExecutionContext: ExecutionContext {
    let iopub: IOPub
    let request: Message
    let interrupt: InterruptSwitch

    var isCancelled: Bool { interrupt.isRaised }

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

    private func publish(_ type: String, _ content: JSONObject) {
        iopub.publish(request.reply(type: type, content: content))
    }

    private static func content(_ bundle: MimeBundle, displayID: String?) -> JSONObject {
        var content: JSONObject = ["data": .object(bundle.data), "metadata": .object(bundle.metadata)]
        content["transient"] = displayID.map { ["display_id": .string($0)] } ?? [:]
        return content
    }
}
