import Foundation
import JupyterKernel

/// Prints a headless run's outputs as they come: streams to their stream, displays as their plain
/// text. Display updates (progress bars) are not printed, so logs stay readable.
struct TerminalContext: ExecutionContext {
    let cancelled: @Sendable () -> Bool

    var isCancelled: Bool { cancelled() }

    func write(_ text: String, to stream: StreamName) {
        let handle = stream == .stderr ? FileHandle.standardError : FileHandle.standardOutput
        handle.write(Data(text.utf8))
    }

    func display(_ bundle: MimeBundle, displayID: String?) {
        guard displayID == nil, let text = bundle.plainText else { return }
        write(text + "\n", to: .stdout)
    }

    func updateDisplay(_ bundle: MimeBundle, displayID: String) {}

    func clearOutput(wait: Bool) {}
}
