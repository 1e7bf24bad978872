import Foundation
import Synchronization

/// Remembers the signatures of accepted messages and refuses any seen before, as jupyter_client's
/// Session does. Bounded: when full, the oldest tenth is forgotten (Session culls the same way).
public final class ReplayGuard: Sendable {
    private struct History {
        var seen: Set<Data> = []
        var order: [Data] = []
    }

    private let capacity: Int
    private let history = Mutex(History())

    public init(capacity: Int = 1 << 16) {
        precondition(capacity > 0, "a replay guard needs room for at least one signature")
        self.capacity = capacity
    }

    /// Records the signature; false when it was already recorded (a replay).
    public func admit(_ signature: Data) -> Bool {
        history.withLock { history in
            guard !history.seen.contains(signature) else { return false }
            if history.order.count >= capacity {
                let culled = max(1, capacity / 10)
                for old in history.order.prefix(culled) { history.seen.remove(old) }
                history.order.removeFirst(culled)
            }
            history.seen.insert(signature)
            history.order.append(signature)
            return true
        }
    }
}
