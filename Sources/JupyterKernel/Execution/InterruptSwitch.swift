import Synchronization

/// The cancellation flag for the running cell. interrupt_request (control thread) and SIGINT raise it;
/// the cell's task is also cancelled so `Task.sleep` and friends stop at once.
public final class InterruptSwitch: Sendable {
    private struct State {
        var raised = false
        var task: Task<ExecuteOutcome, any Error>?
        /// Interrupts since the kernel started; work that outlives its request compares it.
        var count = 0
    }

    private let state = Mutex(State())

    public init() {}

    public var isRaised: Bool { state.withLock { $0.raised } }

    /// How many interrupts came since the kernel started.
    public var count: Int { state.withLock { $0.count } }

    public func raise() {
        let task = state.withLock { state in
            state.raised = true
            state.count += 1
            return state.task
        }
        task?.cancel()
    }

    /// A new cell starts with the flag lowered; an interrupt before it began does not carry over.
    func lower() {
        state.withLock { state in
            state.raised = false
            state.task = nil
        }
    }

    /// Registers the running cell's task; cancels it at once if an interrupt already came in.
    func attach(_ task: Task<ExecuteOutcome, any Error>) {
        let raised = state.withLock { state in
            state.task = task
            return state.raised
        }
        if raised { task.cancel() }
    }

    func end() {
        state.withLock { $0.task = nil }
    }
}
