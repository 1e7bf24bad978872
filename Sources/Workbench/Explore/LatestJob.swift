import Dispatch
import Synchronization

/// Runs an explorer's long computations one at a time, off the shell thread, and only the latest: a
/// newer request cancels the one running (its `isCurrent` turns false, which its progress polls) and any
/// older one still waiting, which then never starts.
///
/// Off the shell thread, because ipywidgets' frontend sends a model's next change only once the kernel
/// went idle after the previous one: a computation that held the shell thread could never be superseded.
final class LatestJob: Sendable {
    private let queue = DispatchQueue(label: "saliency.explore", qos: .userInitiated)
    private let latest = Atomic(0)

    /// Queues `work`; it receives a check that stays true while no newer request came.
    func submit(_ work: @escaping @Sendable (_ isCurrent: @escaping @Sendable () -> Bool) -> Void) {
        let ticket = latest.add(1, ordering: .acquiringAndReleasing).newValue
        let isCurrent: @Sendable () -> Bool = { [self] in latest.load(ordering: .acquiring) == ticket }
        queue.async {
            guard isCurrent() else { return }
            work(isCurrent)
        }
    }

    /// Cancels whatever runs or waits (an answer that needs no computation came first).
    func cancel() {
        _ = latest.add(1, ordering: .acquiringAndReleasing)
    }

    /// Blocks until every job submitted so far has ended (tests and the first map of a cell).
    func drain() {
        queue.sync {}
    }
}
