import Foundation
import FuzzDriver
import JupyterKernel
import JupyterWidgets

/// Feeds the bytes to the comm and widget layers as a frontend's comm message, after the wire codec
/// accepted it (fuzz-wire covers the codec). Split at each NUL byte: the first part is the message type
/// (comm_open, comm_msg, comm_close), the second the content JSON, the third the metadata JSON, the rest
/// binary buffers. The comms hold one widget of each kind, opened under the ids `w0`, `w1`, …, so that
/// content naming them reaches the widget protocol (update, echo, request_state, custom, the control
/// channel). A thrown error is the right answer to garbage; a crash, trap or hang is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let parts = UnsafeBufferPointer(start: data, count: size).split(separator: 0, maxSplits: 3, omittingEmptySubsequences: false)
        .map { Data($0) }
    guard parts.count >= 2, let type = String(data: parts[0], encoding: .utf8),
          let content = (try? JSONValue.decode(parts[1]))?.objectValue else { return 0 }
    let metadata = parts.count > 2 ? (try? JSONValue.decode(parts[2]))?.objectValue ?? [:] : [:]
    let buffers = parts.count > 3 ? parts[3].split(separator: 0xFF, omittingEmptySubsequences: false).map { Data($0) } : []
    let comms = CommManager(), context = CollectingContext()
    let widgets = WidgetManager(comms: comms)  // registers the widget targets on `comms`
    for (index, kind) in WidgetKind.all.enumerated() {
        _ = try? comms.receive(CommMessage(.open, commID: "w\(index)", targetName: WidgetManager.target,
                                           data: ["state": .object(WidgetModel(kind).state(references: [:]).state)],
                                           metadata: ["version": "2.1.0"]), context: context)
    }
    // An open comm keeps its widget, and the widget its manager, for the session; closing them all, as a
    // frontend does, must leave nothing behind (the sanitizer reports what leaks).
    defer {
        for commID in comms.openComms().keys { _ = try? comms.receive(CommMessage(.close, commID: commID), context: context) }
        precondition(widgets.count == 0 && comms.openComms().isEmpty, "a closed comm is still open")
    }
    let message = Message(header: MessageHeader(messageType: type, session: "fuzz"), metadata: metadata, content: content,
                          buffers: buffers)
    guard let comm = try? CommMessage(message) else { return 0 }
    _ = try? comms.receive(comm, context: context)
    // Whatever was accepted must leave every widget's state sendable again.
    _ = try? comms.receive(CommMessage(.open, commID: "control", targetName: WidgetManager.controlTarget, metadata: ["version": "1.0.0"]),
                           context: context)
    _ = try? comms.receive(CommMessage(.message, commID: "control", data: ["method": "request_states"]), context: context)
    precondition(widgets.count <= WidgetKind.all.count + 1, "widgets appeared from nowhere")
    return 0
}

@main enum Fuzz {
    static func main() { runFuzzTarget(fuzz) }
}
