import Evaluation
import Foundation
import JupyterKernel
import Tensor

/// How `%save` writes a sweep: `.jsonl` (a line per item and method, and per skipped item), `.csv` (the
/// same as a table), `.json` (the summary and the scores), `.png`/`.svg` (the figure), `.npy` (methods ×
/// items of the first metric). Equal results give equal bytes.
extension SweepValue {
    static let formats = ".jsonl, .csv, .json, .png, .svg or .npy"

    func encoded(as format: String) throws -> (data: Data, provenance: JSONObject?)? {
        switch format {
        case "jsonl": return (jsonLines(), provenance)
        case "csv": return (Data(csv().utf8), provenance)
        case "json": return (try JSONValue.object(jsonSummary()).encodedPretty(), nil)
        case "png": return (Data(try figure.png(scale: 2)), provenance)
        case "svg": return (Data(try figure.svg().utf8), provenance)
        case "npy": return try scoreMatrix().map { (NumpyFormat.data(of: $0), provenance) }
        default: return nil
        }
    }

    /// Records and skipped items in item order, one compact JSON object (sorted keys) a line.
    func jsonLines() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let lines = records.map { ($0.item, JSONValue.object($0.json(metrics: metrics))) } + skipped.map { ($0.item, JSONValue.object($0.json)) }
        var data = Data()
        for (_, line) in lines.enumerated().sorted(by: { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }).map(\.element) {
            data += (try? encoder.encode(line)) ?? Data()
            data += Data("\n".utf8)
        }
        return data
    }

    func csv() -> String {
        let header = ["item", "method", "pictures", "labels", "seed"] + metrics.map(\.name) + ["skipped"]
        let rows = records.map { record in
            [String(record.item), record.method, record.pictures.joined(separator: ";"), record.labels.map(String.init).joined(separator: ";"),
             String(record.seed)] + record.scores.map { String($0) } + [""]
        } + skipped.map { item in
            [String(item.item), "", item.pictures.joined(separator: ";"), "", ""] + metrics.map { _ in "" } + [item.reason]
        }
        let ordered = rows.enumerated().sorted { (Int($0.element[0])!, $0.offset) < (Int($1.element[0])!, $1.offset) }.map(\.element)
        return ([header] + ordered).map { $0.map(Self.csvField).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    /// RFC 4180: a field with a comma, a quote or a line break goes in quotes, its quotes doubled.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    func jsonSummary() -> JSONObject {
        func interval(_ interval: ConfidenceInterval?) -> JSONValue {
            guard let interval else { return .null }
            return .object(["mean": .number(interval.mean), "low": .number(interval.low), "high": .number(interval.high),
                            "n": .number(Double(interval.count)), "method": .string(interval.method.rawValue)])
        }
        let rows: JSONObject = Dictionary(uniqueKeysWithValues: statistics.rows.map { row in
            (row.method, JSONValue.object(Dictionary(uniqueKeysWithValues: zip(metrics.map(\.name), row.intervals.map(interval)))))
        })
        let differences = statistics.differences.map { difference in
            JSONValue.object(["first": .string(difference.first), "second": .string(difference.second)]
                .merging(zip(metrics.map(\.name), difference.intervals.map(interval))) { $1 })
        }
        let scores: JSONObject = Dictionary(uniqueKeysWithValues: methods.map { method in
            (method, JSONValue.array(records.filter { $0.method == method }.map { .number($0.scores[0]) }))
        })
        return ["title": .string(title), "metrics": .array(metrics.map { .string($0.name) }), "methods": .array(methods.map { .string($0) }),
                "summary": .object(rows), "differences": .array(differences), "scores": .object(scores),
                "items": .number(Double(itemCount)), "skipped": .array(skipped.map { .object($0.json) }),
                "provenance": .object(provenance)].merging(extra) { $1 }
    }

    /// Methods × items of the first metric, over the items every method measured.
    func scoreMatrix() throws -> Tensor? {
        let rows = methods.map { method in records.filter { $0.method == method } }
        guard let width = rows.first?.count, width > 0, rows.allSatisfy({ $0.map(\.item) == rows[0].map(\.item) }) else { return nil }
        return try Tensor(shape: [rows.count, width], scalars: rows.flatMap { $0.map { Float($0.scores[0]) } })
    }
}
