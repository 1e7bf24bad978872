/// Which standard stream a piece of text goes to.
public enum StreamName: String, Sendable {
    case stdout, stderr
}

/// What an interpreter may do while a cell runs: publish outputs, and notice an interrupt.
/// The kernel's implementation sends IOPub messages; a headless runner collects them instead.
public protocol ExecutionContext: Sendable {
    func write(_ text: String, to stream: StreamName)
    func display(_ bundle: MimeBundle, displayID: String?)
    func updateDisplay(_ bundle: MimeBundle, displayID: String)
    func clearOutput(wait: Bool)
    /// Raised by interrupt_request or SIGINT; long work polls it (or calls `checkCancellation`).
    var isCancelled: Bool { get }
}

extension ExecutionContext {
    /// Throws `ExecutionInterrupted` once the cell was interrupted, so loops stop at a safe point.
    public func checkCancellation() throws(ExecutionInterrupted) {
        if isCancelled { throw ExecutionInterrupted() }
    }
}

/// The cell was interrupted; the kernel reports it as `KeyboardInterrupt`, as IPython does.
public struct ExecutionInterrupted: Error, Equatable {
    public init() {}
}
