import Foundation
import Imaging
import JupyterKernel
import Plotting

/// What `%backdoor scan --models FOLDER/` returns: one verdict per model of the zoo, in the folder's
/// order, and the models that could not be scanned with their error. A function of the records alone, so
/// that shards merged give one machine's table, files and figure. `%save` writes `.jsonl` (a line per
/// model), `.csv`, `.json` (the summary and every line) and `.png`/`.svg` (every model's score).
public struct ZooScanValue: WorkspaceValue {
    var folder: String
    var method: String
    /// Sorted by item: the models scanned, each one record.
    var records: [SweepRecord]
    /// The models that failed to load or to scan, with why.
    var errors: [SkippedItem]
    public var provenance: JSONObject

    init(folder: String, method: String, records: [SweepRecord], errors: [SkippedItem], provenance: JSONObject) {
        (self.folder, self.method, self.provenance) = (folder, method, provenance)
        self.records = records.sorted { $0.item < $1.item }
        self.errors = errors.sorted { $0.item < $1.item }
    }

    static let formats = ".jsonl, .csv, .json, .png or .svg"

    public var kind: String { "results" }

    var modelCount: Int { records.count + errors.count }
    var flagged: [SweepRecord] { records.filter { $0.detail["flagged"] == .bool(true) } }

    /// "2 of 12 models flagged (1 could not be scanned)".
    public var summary: String {
        "\(flagged.count) of \(modelCount) models flagged by \(method == "verdict" ? "the verdict" : "Neural Cleanse")"
            + (errors.isEmpty ? "" : " (\(errors.count) could not be scanned)")
    }

    /// Every model's line of the table and of the files, errors in their place.
    private var lines: [(item: Int, json: JSONObject)] {
        let scanned = records.map { record -> (item: Int, json: JSONObject) in
            var json = record.detail
            json["item"] = .number(Double(record.item))
            json["model"] = .string(record.pictures[0])
            json["method"] = .string(record.method)
            json["seed"] = .number(Double(record.seed))
            json["score"] = .number(record.scores[0])
            return (record.item, json)
        }
        let failed = errors.map { error -> (item: Int, json: JSONObject) in
            (error.item, ["item": .number(Double(error.item)), "model": .string(error.pictures[0]), "error": .string(error.reason)])
        }
        return (scanned + failed).sorted { $0.item < $1.item }
    }

    /// Model × verdict, target, score, the reading that fired; a failed model's error in place of its verdict.
    var table: Table {
        let rows = lines.map { line -> [String] in
            let json = line.json
            let model = json["model"]?.stringValue ?? ""
            if let error = json["error"]?.stringValue { return [model, "error: " + error, "", "", ""] }
            let flagged = json["flagged"] == .bool(true)
            let score = json["score"].flatMap { if case .number(let value) = $0 { String(format: "%.2f", value) } else { nil } } ?? ""
            return [model, flagged ? "backdoor" : "clean", (flagged ? json["target_label"] : json["suspect_label"])?.stringValue ?? "",
                    score, json["evidence"]?.stringValue ?? ""]
        }
        let flaggedRows = Set(lines.enumerated().filter { $0.element.json["flagged"] == .bool(true) }.map(\.offset))
        return Table(header: ["model", "verdict", "target (suspect if clean)", "score", method == "verdict" ? "reading that fired" : "evidence"],
                     rows: rows, caption: "\(method) of every model in \(folder), seed \(records.first.map { String($0.seed) } ?? "–")",
                     heading: summary, highlighted: flaggedRows)
    }

    /// Every scanned model's score, the flagged ones in red.
    var figure: BarChart {
        let red = RGB(red: 214, green: 39, blue: 40)
        let threshold = records.first.flatMap { record -> Double? in
            if case .number(let value)? = record.detail["threshold"] { value } else { nil }
        }
        return BarChart(bars: records.map { Bar(label: $0.pictures[0], value: $0.scores[0], color: $0.detail["flagged"] == .bool(true) ? red : nil) },
                        title: "score of every model" + (threshold.map { String(format: " (flagged above %.2f)", $0) } ?? ""),
                        valueLabel: method == "verdict" ? "calibrated score" : "anomaly index")
    }

    public var display: MimeBundle {
        do {
            return try figure.bundle(plain: "<figure score of every model>", provenance: provenance, vector: true)
        } catch {
            return .text("<\(summary): cannot be drawn: \(error)>")
        }
    }

    func encoded(as format: String) throws -> (data: Data, provenance: JSONObject?)? {
        switch format {
        case "jsonl": return (jsonLines(), provenance)
        case "csv": return (Data(csv().utf8), provenance)
        case "json":
            let summary: JSONObject = ["folder": .string(folder), "method": .string(method), "models": .number(Double(modelCount)),
                                       "flagged": .number(Double(flagged.count)), "errors": .number(Double(errors.count)),
                                       "results": .array(lines.map { .object($0.json) }), "provenance": .object(provenance)]
            return (try JSONValue.object(summary).encodedPretty(), nil)
        case "png": return (Data(try figure.png(scale: 2)), provenance)
        case "svg": return (Data(try figure.svg().utf8), provenance)
        default: return nil
        }
    }

    /// A compact JSON object (sorted keys) a model, in the folder's order.
    func jsonLines() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return lines.reduce(into: Data()) { data, line in
            data += (try? encoder.encode(JSONValue.object(line.json))) ?? Data()
            data += Data("\n".utf8)
        }
    }

    func csv() -> String {
        let columns = ["item", "model", "method", "flagged", "target", "target_label", "suspect", "suspect_label", "score", "threshold",
                       "evidence", "seed", "model_sha256", "error"]
        func text(_ value: JSONValue?) -> String {
            switch value {
            case .string(let text)?: text
            case .number(let number)?: number.rounded() == number && abs(number) < 1e15 ? String(Int(number)) : String(number)
            case .bool(let flag)?: String(flag)
            default: ""
            }
        }
        let rows = lines.map { line in columns.map { text(line.json[$0]) } }
        return ([columns] + rows).map { $0.map(SweepValue.csvField).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }
}
