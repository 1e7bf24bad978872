import Evaluation
import Foundation
import JupyterKernel
import Plotting
import Tensor

/// A paired comparison of two methods of a sweep: `first − second`, item by item.
struct Comparison: Sendable, Equatable {
    var first: String
    var second: String
}

/// What `%gridpg`, `%eval … --images` and `%sanity … --images` return: every item's result for every method,
/// the items left out and why, and the summary (means with bootstrap intervals, paired differences).
/// Shows as the per-item distribution; `%save` writes JSON lines, CSV, JSON, the figure or an array.
public struct SweepValue: WorkspaceValue {
    var title: String
    /// The figure's title, short enough to fit above it.
    var figureTitle: String
    var metrics: [SweepMetric]
    var methods: [String]
    /// Sorted by item, then in the order of `methods`.
    var records: [SweepRecord]
    var skipped: [SkippedItem]
    var comparisons: [Comparison]
    var bootstrap: Bootstrap
    var statistics: SweepSummary
    public var provenance: JSONObject
    /// Numbers a command adds to the `.json` for readers of its own (GridPG's scores per cell).
    var extra: JSONObject

    init(title: String, figureTitle: String, metrics: [SweepMetric], methods: [String], records: [SweepRecord], skipped: [SkippedItem],
         comparisons: [Comparison], bootstrap: Bootstrap, provenance: JSONObject, extra: JSONObject = [:]) throws {
        let order = Dictionary(uniqueKeysWithValues: methods.enumerated().map { ($1, $0) })
        self.title = title
        self.figureTitle = figureTitle
        self.metrics = metrics
        self.methods = methods
        self.records = records.sorted { ($0.item, order[$0.method] ?? 0) < ($1.item, order[$1.method] ?? 0) }
        self.skipped = skipped.sorted { $0.item < $1.item }
        self.comparisons = comparisons
        self.bootstrap = bootstrap
        statistics = try SweepSummary(records: records, methods: methods, metrics: metrics,
                                   comparisons: comparisons.map { ($0.first, $0.second) }, bootstrap: bootstrap)
        var provenance = provenance
        provenance["bootstrap"] = .object(["resamples": .number(Double(bootstrap.resamples)), "level": .number(bootstrap.level),
                                           "method": .string(bootstrap.method.rawValue), "seed": .number(Double(bootstrap.seed))])
        provenance["version"] = .string(WorkbenchInterpreter.version)
        self.provenance = provenance
        self.extra = extra
    }

    public var kind: String { "results" }

    var itemCount: Int { Set(records.map(\.item)).count }

    public var summary: String {
        "\(title): \(methods.count) methods × \(itemCount) items" + (skipped.isEmpty ? "" : ", \(skipped.count) skipped")
    }

    var caption: String {
        let fallback = statistics.rows.contains { $0.intervals.contains { $0?.method == .percentile } } && bootstrap.method == .bca
        return String(format: "mean over items with its %g %% bootstrap interval (%@, %@ resamples, seed %llu)",
                      bootstrap.level * 100, bootstrap.method == .bca ? "BCa" : "percentile", bootstrap.resamples.formatted(), bootstrap.seed)
            + (fallback ? "; percentile where BCa's correction is undefined" : "")
            + (skipped.isEmpty ? "" : "; \(skipped.count) items skipped: " + skipped.prefix(3).map { "\($0.pictures.joined(separator: ", ")): \($0.reason)" }
                .joined(separator: "; ") + (skipped.count > 3 ? "; …" : ""))
    }

    var tables: [Table] {
        var means = statistics.table(metrics: metrics, caption: caption)
        means.heading = title
        let differences = statistics.differenceTable(metrics: metrics, caption: "paired per-item differences, same bootstrap")
        return [means] + (statistics.differences.isEmpty ? [] : [differences])
    }

    /// Shows the tables, as the command that made the sweep does before returning it.
    func displayTables(to output: any ExecutionContext) {
        for table in tables { output.display(table.bundle(provenance: provenance), displayID: nil) }
    }

    /// Every item's value of every metric, one strip per method (and metric, when there are several),
    /// with the mean and its interval over it.
    var figure: StripPlot {
        let strips = methods.enumerated().flatMap { group, method in
            metrics.enumerated().map { index, metric in
                let interval = statistics.rows.first { $0.method == method }?.intervals[index]
                return StripPlot.Strip(label: metrics.count == 1 ? method : "\(method) · \(metric.title)",
                                       values: records.filter { $0.method == method }.map { $0.scores[index] },
                                       mean: interval?.mean, interval: interval.map { $0.low...$0.high }, group: group)
            }
        }
        let ranges = metrics.compactMap(\.range)
        let range = ranges.count == metrics.count ? ranges.map(\.lowerBound).min()!...ranges.map(\.upperBound).max()! : nil
        return StripPlot(strips: strips, title: figureTitle, valueLabel: metrics.count == 1 ? metrics[0].title : "value", valueRange: range)
    }

    public var display: MimeBundle {
        do {
            return try figure.bundle(plain: "<figure \(figureTitle)>", provenance: provenance, vector: true)
        } catch {
            return .text("<\(summary): cannot be drawn: \(error)>")
        }
    }
}
