import Synchronization

/// The shards of one run, checked to be whole: every shard of 0…N−1 exactly once, all of the same script.
/// Hands each sweep of the replayed script the records its shards measured, in item order.
public final class ShardReplay: Sendable {
    public let script: String
    private let files: [(name: String, file: ShardFile)]
    private let nextSweep = Mutex(0)

    /// `files` with the names to report them by (their paths); a missing, duplicated or foreign shard is named.
    public init(_ files: [(name: String, file: ShardFile)]) throws(ShardError) {
        guard let firstEntry = files.first else { throw .invalid("no partial results to merge") }
        let (firstName, first) = (firstEntry.name, firstEntry.file)
        for (name, file) in files {
            guard file.shard.count == first.shard.count else {
                throw .invalid("\(name) is \(file.shard) but \(firstName) is \(first.shard): the shards come from different runs")
            }
            guard file.script == first.script else { throw .invalid("\(name) and \(firstName) ran different scripts") }
            guard file.version == first.version else {
                throw .invalid("\(name) was written by version \(file.version), \(firstName) by \(first.version)")
            }
        }
        let byIndex = Dictionary(grouping: files) { $0.file.shard.index }
        if let doubled = byIndex.filter({ $0.value.count > 1 }).min(by: { $0.key < $1.key }) {
            throw .invalid("shard \(doubled.key) of \(first.shard.count) is given \(doubled.value.count) times: "
                + doubled.value.map { $0.name }.joined(separator: ", ") + "; give each shard once")
        }
        let missing = (0..<first.shard.count).filter { byIndex[$0] == nil }
        guard missing.isEmpty else {
            throw .invalid((missing.count == 1 ? "shard \(missing[0])" : "shards " + missing.map(String.init).joined(separator: ", "))
                + " of \(first.shard.count) \(missing.count == 1 ? "is" : "are") missing (no "
                + missing.map { "shard-\($0)-of-\(first.shard.count).jsonl" }.joined(separator: ", ")
                + "): rerun \(missing.count == 1 ? "it" : "them") before merging; a merge never summarises part of a sweep")
        }
        self.files = files.sorted { $0.file.shard.index < $1.file.shard.index }
        script = first.script
    }

    /// The records and skipped items of the script's next sweep, `command` over `items`, as one machine
    /// would have measured them: every item from the one shard that owned it.
    func next(command: String, items: [Int]) throws(ShardError) -> (records: [SweepRecord], skipped: [SkippedItem]) {
        let ordinal = nextSweep.withLock { value in
            defer { value += 1 }
            return value
        }
        var records: [SweepRecord] = []
        var skipped: [SkippedItem] = []
        for (name, file) in files {
            guard ordinal < file.sweeps.count, file.sweeps[ordinal].command == command else {
                throw .invalid("\(name) has no results of sweep \(ordinal + 1) (%\(command)) of the script: it ran differently than the merge")
            }
            let share = file.sweeps[ordinal]
            guard share.items == items.filter(file.shard.owns) else {
                throw .invalid("\(name) measured other items of sweep \(ordinal + 1) (%\(command)) than \(file.shard) owns: "
                    + "the sweep's data or options differ between the shard and the merge")
            }
            records += share.records
            skipped += share.skipped
        }
        // Stable: an item's records keep the order of the methods, as the shard measured them.
        return (records.enumerated().sorted { ($0.element.item, $0.offset) < ($1.element.item, $1.offset) }.map(\.element),
                skipped.sorted { $0.item < $1.item })
    }
}
