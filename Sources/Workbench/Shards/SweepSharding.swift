import Synchronization

/// How the sweeps of a headless run are spread over machines. Set around a whole run (`saliency-kernel
/// run --shard`, `saliency-kernel merge`) as a task-local value, so that no command but the sweep loop
/// and `%save` needs to know.
public enum SweepSharding: Sendable {
    /// Measure this shard's items of every sweep and keep them for its partial results.
    case recording(ShardRecorder)
    /// Measure nothing: take every sweep's records from the shards' partial results.
    case replaying(ShardReplay)

    @TaskLocal public static var current: SweepSharding?
}

/// What a shard measured, sweep by sweep, in the order the script ran them.
public final class ShardRecorder: Sendable {
    public let shard: Shard
    private let shares = Mutex<[SweepShare]>([])

    public init(shard: Shard) {
        self.shard = shard
    }

    func record(_ share: SweepShare) {
        shares.withLock { $0.append(share) }
    }

    /// The partial results of a run of `script`.
    public func file(script: String) -> ShardFile {
        ShardFile(shard: shard, script: script, version: WorkbenchInterpreter.version, sweeps: shares.withLock { $0 })
    }
}
