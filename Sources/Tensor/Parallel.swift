import Foundation

/// Runs `body` over `0..<count` split into contiguous chunks on all cores.
///
/// Each index is handled by exactly one chunk and chunks never share output, so results do
/// not depend on scheduling: runs are deterministic. Small loops stay on the calling thread,
/// where dispatch overhead would cost more than it saves.
@inlinable
func parallelChunks(_ count: Int, minimumChunk: Int = 1, _ body: @Sendable (Range<Int>) -> Void) {
    guard count > 0 else { return }
    let workers = min(ProcessInfoCores.count * 4, max(1, count / max(1, minimumChunk)))
    if workers <= 1 {
        body(0..<count)
        return
    }
    let chunk = (count + workers - 1) / workers
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
        let start = worker * chunk
        let end = min(count, start + chunk)
        if start < end { body(start..<end) }
    }
}

/// The number of cores, read once.
@usableFromInline
enum ProcessInfoCores {
    @usableFromInline static let count: Int = max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
}
