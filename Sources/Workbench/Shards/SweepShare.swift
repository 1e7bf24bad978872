import JupyterKernel

/// One sweep's share of a shard: the items the shard owned, what it measured of them and what it
/// skipped. Its records are written in full (every score, detail, seed), so that a merge rebuilds the
/// sweep exactly as one machine would have measured it.
struct SweepShare: Sendable, Equatable {
    /// The command that ran the sweep (`gridpg`), to tell a script that changed between shard and merge.
    var command: String
    var items: [Int]
    var records: [SweepRecord]
    var skipped: [SkippedItem]
}

/// The lossless JSON form of records, which the user-facing `.jsonl` (metrics by name) is not.
extension SweepRecord {
    var partial: JSONObject {
        // JSON has no NaN: a NaN score goes out as null and comes back as NaN, as the sweep had it.
        var object: JSONObject = [
            "item": .number(Double(item)), "method": .string(method), "pictures": .array(pictures.map { .string($0) }),
            "labels": .array(labels.map { .number(Double($0)) }), "seed": .number(Double(seed)),
            "scores": .array(scores.map { .number($0) }), "detail": .object(detail)]
        if let seconds { object["seconds"] = .number(seconds) }
        return object
    }

    init(partial object: JSONObject) throws(ShardError) {
        guard let item = object["item"]?.intValue, let method = object["method"]?.stringValue,
              let pictures = object["pictures"]?.arrayValue?.compactMap(\.stringValue),
              let labels = object["labels"]?.arrayValue?.compactMap(\.intValue),
              case .number(let seed)? = object["seed"], seed >= 0, seed < 0x1p53, let scores = object["scores"]?.arrayValue, let detail = object["detail"]?.objectValue
        else { throw .invalid("a record lacks one of item, method, pictures, labels, seed, scores, detail") }
        // Seeds reach 9e15, beyond `intValue`'s 1e15 but exact in a double.
        self.init(item: item, method: method, pictures: pictures, labels: labels, seed: UInt64(seed),
                  scores: scores.map { if case .number(let value) = $0 { value } else { Double.nan } }, detail: detail,
                  seconds: { if case .number(let value)? = object["seconds"] { value } else { nil } }())
    }
}

extension SkippedItem {
    init(partial object: JSONObject) throws(ShardError) {
        guard let item = object["item"]?.intValue, let pictures = object["pictures"]?.arrayValue?.compactMap(\.stringValue),
              let reason = object["skipped"]?.stringValue
        else { throw .invalid("a skipped item lacks one of item, pictures, skipped") }
        self.init(item: item, pictures: pictures, reason: reason)
    }
}
