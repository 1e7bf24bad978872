import Attribution
import JupyterKernel
import JupyterWidgets
import Synchronization

/// What an explorer has computed, by what identifies it (method, class, steps…), kept for the session so
/// that going back to an earlier choice answers at once.
final class ComputedCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let values = Mutex<[Key: Value]>([:])

    subscript(key: Key) -> Value? {
        get { values.withLock { $0[key] } }
        set { values.withLock { $0[key] = newValue } }
    }
}

extension ExplorerPanel {
    /// Shows what `key` gives: drawn from the cache at once (cancelling any computation still running for an
    /// older choice), or computed in the background, cached and drawn.
    func present<Key, Value>(_ key: Key, from cache: ComputedCache<Key, Value>, label: String, context: any ExecutionContext,
                             compute: @escaping @Sendable (Attribution.Progress) throws -> Value,
                             view: @escaping @Sendable (Value) throws -> ExplorerView) throws {
        if let value = cache[key] {
            jobs.cancel()
            try show(try view(value), context: context)
            return
        }
        self.compute(label, context: context) { progress in
            let value = try compute(progress)
            cache[key] = value
            return try view(value)
        }
    }

    /// Runs `refresh` whenever one of `controls` changes; its error goes to the panel's message area and,
    /// rethrown, to the kernel's log.
    func refresh(on controls: [Widget], _ refresh: @escaping @Sendable (any ExecutionContext) throws -> Void) {
        for control in controls {
            control.observe { [self] event, context in
                guard case .changed = event else { return }
                do {
                    try refresh(context)
                } catch {
                    report(error, while: "explore", context: context)
                    throw error
                }
            }
        }
    }
}
