import Attribution
import Foundation

/// Runs a sweep's items one after another: a progress bar with the time left, a stop at an interrupt,
/// and, for an item whose picture cannot be read, a skip or a stop as the set's policy says. Items are
/// measured one at a time, each with nothing but its own index, pictures and seed, so any subset of the
/// items gives the numbers the whole sweep gives for them; only their records are kept, so memory stays
/// flat however many there are. In a sharded run (`SweepSharding`) it measures only the shard's items,
/// and in a merge none: the shards' records stand in for them.
struct SweepLoop {
    let label: String
    let policy: ErrorPolicy
    let command: String

    func run(_ items: [Int], environment: CommandEnvironment,
             measure: (_ item: Int, _ progress: Attribution.Progress) throws -> [SweepRecord]) throws -> (records: [SweepRecord], skipped: [SkippedItem]) {
        let outcome: (records: [SweepRecord], skipped: [SkippedItem])
        switch SweepSharding.current {
        case nil:
            outcome = try measured(items, environment: environment, measure: measure)
        case .recording(let recorder)?:
            let owned = items.filter(recorder.shard.owns)
            outcome = try measured(owned, environment: environment, measure: measure)
            recorder.record(SweepShare(command: command, items: owned, records: outcome.records, skipped: outcome.skipped))
        case .replaying(let replay)?:
            do {
                outcome = try replay.next(command: command, items: items)
            } catch {
                throw WorkbenchError.failed(command: command, reason: "cannot merge: \(error)")
            }
        }
        let skipped = outcome.skipped
        if !skipped.isEmpty {
            environment.output.write("%\(command) skipped \(skipped.count) of \(items.count) items: "
                + skipped.prefix(5).map { "\($0.pictures.joined(separator: ", ")) (\($0.reason))" }.joined(separator: "; ")
                + (skipped.count > 5 ? "; …" : "") + "\n", to: .stderr)
        }
        return outcome
    }

    /// Measures `items` here, one after another.
    private func measured(_ items: [Int], environment: CommandEnvironment,
                          measure: (_ item: Int, _ progress: Attribution.Progress) throws -> [SweepRecord]) throws -> (records: [SweepRecord], skipped: [SkippedItem]) {
        var records: [SweepRecord] = []
        var skipped: [SkippedItem] = []
        try environment.withProgress(label) { progress in
            for (position, item) in items.enumerated() {
                try progress.checkCancellation()
                do {
                    records += try measure(item, progress.stage(position, of: items.count))
                } catch let unreadable as UnreadableItem {
                    guard policy == .skip else { throw failure(unreadable) }
                    skipped.append(SkippedItem(item: item, pictures: [unreadable.name], reason: unreadable.reason))
                }
                progress.report(Double(position + 1) / Double(items.count), "\(position + 1) of \(items.count)")
            }
        }
        return (records, skipped)
    }

    func failure(_ unreadable: UnreadableItem) -> WorkbenchError {
        .failed(command: command, reason: "cannot use \(unreadable.name): \(unreadable.reason); "
            + "`%data folder … --on-error skip` skips such pictures")
    }
}
