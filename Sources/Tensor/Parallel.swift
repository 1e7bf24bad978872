import Foundation
import Synchronization

/// Runs `body` over `0..<count` split into contiguous chunks, on `ComputeThreads.count` cores.
///
/// Each index is handled by exactly one chunk and chunks never share output, so results do
/// not depend on scheduling. The chunks depend on the machine's cores, not on how many of them
/// are in use, so a run on fewer threads gives the same bits. Small loops stay on the calling
/// thread, where dispatch overhead would cost more than it saves.
@inlinable
func parallelChunks(_ count: Int, minimumChunk: Int = 1, _ body: @Sendable (Range<Int>) -> Void) {
    guard count > 0 else { return }
    let workers = min(ProcessInfoCores.count * 4, max(1, count / max(1, minimumChunk)))
    let chunk = (count + workers - 1) / workers
    @Sendable func run(_ worker: Int) {
        let start = worker * chunk
        let end = min(count, start + chunk)
        if start < end { body(start..<end) }
    }
    let threads = min(ComputeThreads.count, workers)
    if threads <= 1 {
        for worker in 0..<workers { run(worker) }
    } else if threads == ProcessInfoCores.count {
        DispatchQueue.concurrentPerform(iterations: workers) { run($0) }
    } else {
        // Dispatch would spread the chunks over every core; fewer lanes, each taking every
        // `threads`-th chunk, keep the engine to the cores it was given.
        DispatchQueue.concurrentPerform(iterations: threads) { lane in
            for worker in stride(from: lane, to: workers, by: threads) { run(worker) }
        }
    }
}

/// How many cores the engine's parallel loops and matrix products use: all of them unless a
/// caller (the workbench's `%set threads`) leaves some to other work.
public enum ComputeThreads {
    private static let limit = Atomic<Int>(0)

    /// The cores of this machine, the most that can be used.
    public static var available: Int { ProcessInfoCores.count }

    /// The cores in use, from 1 to `available`.
    public static var count: Int {
        let limit = limit.load(ordering: .relaxed)
        return limit == 0 ? ProcessInfoCores.count : limit
    }

    /// Uses `threads` cores, clamped to 1…`available`.
    public static func use(_ threads: Int) {
        limit.store(min(max(threads, 1), ProcessInfoCores.count), ordering: .relaxed)
    }
}

/// The number of cores, read once.
@usableFromInline
enum ProcessInfoCores {
    @usableFromInline static let count: Int = max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
}
