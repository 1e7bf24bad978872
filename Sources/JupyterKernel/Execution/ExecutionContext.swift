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
    /// Publishes a comm message from the kernel's side (see `CommManager`), buffers included.
    func send(_ message: CommMessage)
    /// Raised by interrupt_request or SIGINT; long work polls it (or calls `checkCancellation`).
    var isCancelled: Bool { get }
    /// A context for work that goes on after the request that started it was answered (a widget's
    /// computation): it publishes with the same parent, and is cancelled by any interrupt from now on,
    /// not only by one that comes while this request runs.
    func detached() -> any ExecutionContext
}

extension ExecutionContext {
    /// Where nothing outlives the request (a collecting or headless context), the context itself.
    public func detached() -> any ExecutionContext { self }

    /// Throws `ExecutionInterrupted` once the cell was interrupted, so loops stop at a safe point.
    public func checkCancellation() throws(ExecutionInterrupted) {
        if isCancelled { throw ExecutionInterrupted() }
    }
}

/// The cell was interrupted; the kernel reports it as `KeyboardInterrupt`, as IPython does.
public struct ExecutionInterrupted: Error, Equatable {
    public init() {}
}
