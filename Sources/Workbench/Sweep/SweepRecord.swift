import JupyterKernel

/// One number a sweep measures per item and method: GridPG's share in the cell, the pointing game's hit,
/// an AUC, a similarity after randomization.
struct SweepMetric: Sendable, Equatable {
    var name: String
    /// For table headers: "GridPG", "hit rate".
    var title: String
    /// Whether a higher value is better (deletion AUC: lower is).
    var higherIsBetter: Bool
    /// The range its values lie in, for the figure's axis; nil fits the data.
    var range: ClosedRange<Double>?
}

/// One item's result for one method: the unit that sweeps stream, save as JSON lines and (issue 27)
/// shard and merge. Everything in it follows from the item's index, its pictures and its seed.
struct SweepRecord: Sendable, Equatable {
    /// The item's index in the sweep: the mosaic's number, the picture's position in the set.
    var item: Int
    var method: String
    /// The item's pictures, as the set names them: one, or a mosaic's cells row by row.
    var pictures: [String]
    var labels: [Int]
    /// The seed random methods drew from for this item (`ItemSeed`).
    var seed: UInt64
    /// The sweep's metrics, in order.
    var scores: [Double]
    /// More per-item numbers: a mosaic's cells, a curve, similarities layer by layer.
    var detail: JSONObject = [:]
    /// The wall-clock seconds the item took, where a sweep times its items (a model of a zoo): kept in a
    /// shard's partial results for planning the next run, never in what `%save` writes or a table shows,
    /// which must not depend on the machine that measured.
    var seconds: Double? = nil

    /// One JSON object, the metrics by name at the top level so that a table reader takes them as columns.
    func json(metrics: [SweepMetric]) -> JSONObject {
        var object: JSONObject = ["item": .number(Double(item)), "method": .string(method), "pictures": .array(pictures.map { .string($0) }),
                                  "labels": .array(labels.map { .number(Double($0)) }), "seed": .number(Double(seed))]
        for (metric, score) in zip(metrics, scores) { object[metric.name] = .number(score) }
        if !detail.isEmpty { object["detail"] = .object(detail) }
        return object
    }
}

/// An item a sweep could not measure: a picture that cannot be read, a mask of another size. Kept, so
/// that a table over 997 of 1 000 items says so, and a merge can tell a skipped item from a missing one.
struct SkippedItem: Sendable, Equatable {
    var item: Int
    var pictures: [String]
    var reason: String

    var json: JSONObject {
        ["item": .number(Double(item)), "pictures": .array(pictures.map { .string($0) }), "skipped": .string(reason)]
    }
}
