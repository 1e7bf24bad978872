import Foundation
import Synchronization

/// Whether the kernel is running, and whether its last shutdown asked for a restart.
/// Every channel thread polls `isRunning` between short receive timeouts.
public final class Lifecycle: Sendable {
    private let running = Atomic(true)
    private let stopped = DispatchSemaphore(value: 0)

    public init() {}

    public var isRunning: Bool { running.load(ordering: .acquiring) }

    public func stop() {
        if running.exchange(false, ordering: .acquiringAndReleasing) { stopped.signal() }
    }

    public func waitUntilStopped() {
        stopped.wait()
    }

    /// Runs `body` repeatedly on a new thread until the kernel stops.
    static func loop(named name: String, _ lifecycle: Lifecycle, _ body: @escaping @Sendable () -> Void) -> Thread {
        let thread = Thread {
            while lifecycle.isRunning { body() }
        }
        thread.name = name
        thread.start()
        return thread
    }
}
