import Foundation
import JupyterKernel
import Synchronization

/// Prints a headless run's outputs as they come: streams to their stream, displays as their plain
/// text, and PNG figures as numbered files when a folder is given. Display updates (progress bars)
/// are not printed, so logs stay readable; nor are comm messages (widgets).
final class TerminalContext: ExecutionContext {
    let cancelled: @Sendable () -> Bool
    let figures: URL?
    private let written = Atomic(0)

    init(figures: URL?, cancelled: @escaping @Sendable () -> Bool) {
        self.figures = figures
        self.cancelled = cancelled
    }

    var isCancelled: Bool { cancelled() }

    func write(_ text: String, to stream: StreamName) {
        let handle = stream == .stderr ? FileHandle.standardError : FileHandle.standardOutput
        handle.write(Data(text.utf8))
    }

    func display(_ bundle: MimeBundle, displayID: String?) {
        guard displayID == nil else { return }
        if let text = bundle.plainText { write(text + "\n", to: .stdout) }
        guard let figures, let encoded = bundle.data["image/png"]?.stringValue, let png = Data(base64Encoded: encoded) else { return }
        let number = written.add(1, ordering: .relaxed).newValue
        let url = figures.appendingPathComponent(String(format: "figure-%03d.png", number))
        do {
            try png.write(to: url, options: .atomic)
            write("  [figure written to \(url.path)]\n", to: .stdout)
        } catch {
            write("cannot write \(url.path): \(error.localizedDescription)\n", to: .stderr)
        }
    }

    func updateDisplay(_ bundle: MimeBundle, displayID: String) {}

    func clearOutput(wait: Bool) {}

    /// A headless run has no frontend to hold widgets; their display's PNG fallback is what prints.
    func send(_ message: CommMessage) {}
}
