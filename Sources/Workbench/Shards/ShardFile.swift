import Foundation
import JupyterKernel

/// A shard's partial results, `shard-I-of-N.jsonl`: a first line naming the shard, the script it ran and
/// the workbench's version, then for every sweep of the script, in the order they ran, a line with the
/// items the shard owned and a line per record and per skipped item. The merge replays the script
/// with these records in place of measuring, so its tables, JSON and figures are one machine's.
public struct ShardFile: Sendable, Equatable {
    static let format = "saliency-shard/1"

    public var shard: Shard
    public var script: String
    public var version: String
    var sweeps: [SweepShare]

    public func encoded() -> Data {
        var lines: [JSONValue] = [["format": .string(Self.format), "shard": .number(Double(shard.index)), "of": .number(Double(shard.count)),
                                   "script": .string(script), "version": .string(version)]]
        for (ordinal, share) in sweeps.enumerated() {
            let sweep = JSONValue.number(Double(ordinal))
            lines.append(["sweep": sweep, "command": .string(share.command), "items": .array(share.items.map { .number(Double($0)) })])
            lines += share.records.map { JSONValue.object(["sweep": sweep, "record": .object($0.partial)]) }
            lines += share.skipped.map { JSONValue.object(["sweep": sweep, "skipped": .object($0.json)]) }
        }
        return lines.reduce(into: Data()) { data, line in data += line.encoded() + Data("\n".utf8) }
    }

    /// The file `name` holds, or an error naming it and what is wrong.
    public init(decoding data: Data, name: String) throws(ShardError) {
        func fail(_ line: Int, _ reason: String) -> ShardError { .invalid("\(name), line \(line): \(reason)") }
        let lines = data.split(separator: UInt8(ascii: "\n"))
        var objects: [JSONObject] = []
        for (number, line) in lines.enumerated() {
            guard let object = (try? JSONValue.decode(Data(line)))?.objectValue else { throw fail(number + 1, "not a JSON object") }
            objects.append(object)
        }
        guard let header = objects.first, header["format"]?.stringValue == Self.format, let index = header["shard"]?.intValue,
              let count = header["of"]?.intValue, let script = header["script"]?.stringValue, let version = header["version"]?.stringValue
        else { throw .invalid("\(name) is not a shard's partial results (no \(Self.format) first line)") }
        do {
            shard = try Shard(index: index, count: count)
        } catch {
            throw fail(1, "\(error)")
        }
        (self.script, self.version, sweeps) = (script, version, [])
        for (number, object) in objects.enumerated().dropFirst() {
            guard let ordinal = object["sweep"]?.intValue else { throw fail(number + 1, "no sweep number") }
            if let command = object["command"]?.stringValue, let items = object["items"]?.arrayValue {
                guard ordinal == sweeps.count else { throw fail(number + 1, "sweep \(ordinal) follows sweep \(sweeps.count - 1)") }
                sweeps.append(SweepShare(command: command, items: items.compactMap(\.intValue), records: [], skipped: []))
                continue
            }
            guard ordinal == sweeps.count - 1 else { throw fail(number + 1, "a result of sweep \(ordinal) outside it") }
            do {
                if let record = object["record"]?.objectValue {
                    sweeps[ordinal].records.append(try SweepRecord(partial: record))
                } else if let skipped = object["skipped"]?.objectValue {
                    sweeps[ordinal].skipped.append(try SkippedItem(partial: skipped))
                } else {
                    throw ShardError.invalid("neither a sweep, a record nor a skipped item")
                }
            } catch {
                throw fail(number + 1, "\(error)")
            }
        }
    }

    init(shard: Shard, script: String, version: String, sweeps: [SweepShare]) {
        (self.shard, self.script, self.version, self.sweeps) = (shard, script, version, sweeps)
    }
}
