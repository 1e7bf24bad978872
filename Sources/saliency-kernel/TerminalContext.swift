import Foundation
import JupyterKernel
import Synchronization

/// Prints a headless run's outputs as they come: streams to their stream, displays as their plain
/// text, and PNG figures as numbered files when a folder is given. Display updates (progress bars)
/// are printed only when asked, to stderr and at most every `progressInterval`, so logs stay readable;
/// comm messages (widgets) are not printed.
final class TerminalContext: ExecutionContext {
    static let progressInterval: Duration = .seconds(5)

    let cancelled: @Sendable () -> Bool
    let figures: URL?
    let showsProgress: Bool
    private let written = Atomic(0)
    private let lastProgress = Mutex<ContinuousClock.Instant?>(nil)

    init(figures: URL?, showsProgress: Bool = false, cancelled: @escaping @Sendable () -> Bool) {
        self.figures = figures
        self.showsProgress = showsProgress
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

    /// A progress bar's line, when asked for: every `progressInterval`, and its last one ("done in …") always.
    func updateDisplay(_ bundle: MimeBundle, displayID: String) {
        guard showsProgress, bundle.metadata[ProgressDisplay.metadataKey] == .bool(true), let text = bundle.plainText else { return }
        let now = ContinuousClock.now
        let due = lastProgress.withLock { last in
            guard text.contains("done in") || last.map({ now - $0 >= Self.progressInterval }) ?? true else { return false }
            last = now
            return true
        }
        if due { write(text + "\n", to: .stderr) }
    }

    func clearOutput(wait: Bool) {}

    /// A headless run has no frontend to hold widgets; their display's PNG fallback is what prints.
    func send(_ message: CommMessage) {}
}
