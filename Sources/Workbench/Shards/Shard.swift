/// One machine's share of a sharded run (`saliency-kernel run FILE --shard I/N`): of every sweep it
/// measures the items whose index is I modulo N. Round robin rather than blocks, so that items that
/// cost more toward one end of a set (larger pictures, later mosaics) spread over the shards.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    /// From 0.
    public let index: Int
    public let count: Int

    public init(index: Int, count: Int) throws(ShardError) {
        guard count >= 1, (0..<count).contains(index) else { throw .invalid("\(index)/\(count): the shard must lie in 0…\(count - 1)") }
        (self.index, self.count) = (index, count)
    }

    /// `I/N`, or `auto` for the array task or indexed Job this process runs as.
    public init(parsing text: String, environment: [String: String]) throws(ShardError) {
        if text == "auto" {
            self = try Self.automatic(environment)
            return
        }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
            throw .invalid("'\(text)' is not I/N (shard I of N, from 0) or auto")
        }
        try self.init(index: index, count: count)
    }

    /// Slurm's array task (`sbatch --array=0-3`; an array starting at 1 counts from its first task), or a
    /// Kubernetes Indexed Job's completion index with the completions the Job passes as JOB_COMPLETIONS
    /// (Kubernetes sets the index only).
    static func automatic(_ environment: [String: String]) throws(ShardError) -> Shard {
        func number(_ name: String) throws(ShardError) -> Int? {
            guard let text = environment[name] else { return nil }
            guard let value = Int(text) else { throw .invalid("\(name)=\(text) is not a whole number") }
            return value
        }
        if let task = try number("SLURM_ARRAY_TASK_ID") {
            guard let count = try number("SLURM_ARRAY_TASK_COUNT") else {
                throw .invalid("SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not")
            }
            return try Shard(index: task - (try number("SLURM_ARRAY_TASK_MIN") ?? 0), count: count)
        }
        if let completion = try number("JOB_COMPLETION_INDEX") {
            guard let count = try number("JOB_COMPLETIONS") else {
                throw .invalid("JOB_COMPLETION_INDEX is set but JOB_COMPLETIONS is not: set it to the Job's spec.completions")
            }
            return try Shard(index: completion, count: count)
        }
        throw .invalid("--shard auto needs SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT (a Slurm array job) "
            + "or JOB_COMPLETION_INDEX and JOB_COMPLETIONS (a Kubernetes Indexed Job)")
    }

    public func owns(_ item: Int) -> Bool { item % count == index }

    /// The name of its partial results: `shard-2-of-4.jsonl`.
    public var fileName: String { "shard-\(index)-of-\(count).jsonl" }

    public var description: String { "shard \(index) of \(count)" }
}

/// A shard that cannot be run or merged, with what is wrong.
public enum ShardError: Error, CustomStringConvertible, Equatable {
    case invalid(String)

    public var description: String {
        switch self {
        case .invalid(let reason): reason
        }
    }
}
