import ArgumentParser
import Foundation
import Workbench

/// `saliency-kernel merge PARTIALS...`: joins the shards of a `run --shard` into what one machine would have
/// written, by running the shards' script again with their records in place of measuring.
struct Merge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Join the partial results of `run --shard I/N` into one machine's results: the script's tables, %save files and figures.",
        discussion: """
            Runs the script the shards ran, in this folder, with every sweep's records taken from the shards instead \
            of measured: the same tables, JSON lines, CSV, JSON and figures, byte for byte, as `saliency-kernel run` of \
            the script on one machine. Every shard 0…N−1 must be given exactly once; a missing or duplicated shard is \
            named and nothing is written.
            """)

    @Argument(help: "Shards' partial results: shard-I-of-N.jsonl files, or folders holding them.")
    var partials: [String]

    @Option(help: "Write every figure shown as a numbered PNG into this folder.")
    var output: String?

    func run() async throws {
        let replay: ShardReplay
        do {
            replay = try ShardReplay(try Self.files(partials))
        } catch {
            throw ValidationError("\(error)")
        }
        try await HeadlessRun(source: replay.script, figures: output, progress: false).execute(sharding: .replaying(replay))
    }

    /// The files named, and the `shard-*-of-*.jsonl` files in the folders named, read and decoded.
    static func files(_ paths: [String]) throws -> [(name: String, file: ShardFile)] {
        let manager = FileManager.default
        let named = try paths.flatMap { path -> [String] in
            var isFolder: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isFolder) else { throw ShardError.invalid("\(path) does not exist") }
            guard isFolder.boolValue else { return [path] }
            let shards = try manager.contentsOfDirectory(atPath: path).filter { $0.hasPrefix("shard-") && $0.hasSuffix(".jsonl") }.sorted()
            guard !shards.isEmpty else { throw ShardError.invalid("\(path) holds no shard-I-of-N.jsonl") }
            return shards.map { (path as NSString).appendingPathComponent($0) }
        }
        return try named.map { name -> (name: String, file: ShardFile) in
            guard let data = manager.contents(atPath: name) else { throw ShardError.invalid("cannot read \(name)") }
            return (name: name, file: try ShardFile(decoding: data, name: name))
        }
    }
}
