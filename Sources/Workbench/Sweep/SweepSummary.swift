import Evaluation
import Foundation

/// The table of a sweep: for every method and metric the mean over items with its bootstrap interval,
/// and for every paired comparison (a method with and without VAR, a method against the first one) the
/// mean per-item difference with its own interval. A function of the records alone, so that results
/// merged from shards summarise to the same table as one run.
struct SweepSummary: Sendable, Equatable {
    struct Row: Sendable, Equatable {
        var method: String
        /// One per metric; nil where fewer than two items were measured.
        var intervals: [ConfidenceInterval?]
        var items: Int
    }

    struct Difference: Sendable, Equatable {
        /// `first − second`, item by item.
        var first: String
        var second: String
        var intervals: [ConfidenceInterval?]
        var pairs: Int
    }

    var rows: [Row]
    var differences: [Difference]

    init(records: [SweepRecord], methods: [String], metrics: [SweepMetric], comparisons: [(String, String)], bootstrap: Bootstrap) throws {
        var byMethod: [String: [Int: [Double]]] = [:]
        for record in records { byMethod[record.method, default: [:]][record.item] = record.scores }
        func interval(_ values: [Double]) throws -> ConfidenceInterval? {
            values.count >= 2 ? try bootstrap.interval(ofMeanOf: values) : nil
        }
        rows = try methods.map { method in
            let items = byMethod[method, default: [:]].sorted { $0.key < $1.key }.map(\.value)
            return Row(method: method, intervals: try metrics.indices.map { metric in try interval(items.map { $0[metric] }) }, items: items.count)
        }
        differences = try comparisons.map { first, second in
            let (a, b) = (byMethod[first, default: [:]], byMethod[second, default: [:]])
            let shared = Set(a.keys).intersection(b.keys).sorted()
            return Difference(first: first, second: second, intervals: try metrics.indices.map { metric in
                try interval(shared.map { a[$0]![metric] - b[$0]![metric] })
            }, pairs: shared.count)
        }
    }

    static func text(_ interval: ConfidenceInterval?, signed: Bool = false) -> String {
        guard let interval else { return "n/a" }
        let format = signed ? "%+.3f" : "%.3f"
        return String(format: format, interval.mean) + " [" + String(format: format, interval.low) + ", "
            + String(format: format, interval.high) + "]"
    }

    /// The means with their intervals, methods down, metrics across.
    func table(metrics: [SweepMetric], caption: String) -> Table {
        Table(header: ["method"] + metrics.map { "\($0.title) (\($0.higherIsBetter ? "higher" : "lower") is better)" } + ["items"],
              rows: rows.map { row in [row.method] + row.intervals.map { Self.text($0) } + [String(row.items)] }, caption: caption)
    }

    /// The paired differences, one comparison a row.
    func differenceTable(metrics: [SweepMetric], caption: String) -> Table {
        Table(header: ["paired difference"] + metrics.map { "Δ \($0.title)" } + ["pairs"],
              rows: differences.map { difference in
                  ["\(difference.first) − \(difference.second)"] + difference.intervals.map { Self.text($0, signed: true) }
                      + [String(difference.pairs)]
              }, caption: caption)
    }
}
