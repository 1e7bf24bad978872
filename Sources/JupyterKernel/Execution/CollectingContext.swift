import Synchronization

/// An ExecutionContext that keeps every output in order instead of sending it: the headless runner
/// prints them, tests inspect them, and user_expressions discard them.
public final class CollectingContext: ExecutionContext {
    public enum Output: Sendable, Equatable {
        case stream(StreamName, String)
        case display(MimeBundle, displayID: String?)
        case update(MimeBundle, displayID: String)
        case clear(wait: Bool)
        case comm(CommMessage)
    }

    private let collected = Mutex<[Output]>([])
    private let cancelled: @Sendable () -> Bool

    /// `cancelled` is polled by long work; a headless runner wires it to SIGINT.
    public init(cancelled: @escaping @Sendable () -> Bool = { false }) {
        self.cancelled = cancelled
    }

    public var outputs: [Output] { collected.withLock { $0 } }
    public var isCancelled: Bool { cancelled() }

    public func write(_ text: String, to stream: StreamName) { append(.stream(stream, text)) }
    public func display(_ bundle: MimeBundle, displayID: String?) { append(.display(bundle, displayID: displayID)) }
    public func updateDisplay(_ bundle: MimeBundle, displayID: String) { append(.update(bundle, displayID: displayID)) }
    public func clearOutput(wait: Bool) { append(.clear(wait: wait)) }
    public func send(_ message: CommMessage) { append(.comm(message)) }

    private func append(_ output: Output) {
        collected.withLock { $0.append(output) }
    }
}
