import ArgumentParser
import Foundation
import Workbench

/// `saliency-kernel run FILE | -c CODE [--shard I/N]`: runs commands without Jupyter, printing text outputs.
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a script of workbench commands headless; exits non-zero on the first error.")

    @Argument(help: "A file of commands, one per line.")
    var file: String?

    @Option(name: .customShort("c"), help: "Commands to run instead of a file.")
    var code: String?

    @Option(help: "Write every figure shown as a numbered PNG into this folder.")
    var output: String?

    @Flag(help: "Print progress bars (with the time left) to stderr, every few seconds: for the logs of long sweeps.")
    var progress = false

    @Option(help: ArgumentHelp(
        "Run shard I of N (from 0): of every sweep only the items whose index is I modulo N, writing them to --partials "
            + "for `saliency-kernel merge`; `%save` is left to the merge. `auto`: the Slurm array task or Kubernetes Indexed Job.",
        valueName: "I/N|auto"))
    var shard: String?

    @Option(help: "Where a shard writes its partial results, shard-I-of-N.jsonl.")
    var partials = "partials"

    func validate() throws {
        guard (file == nil) != (code == nil) else { throw ValidationError("give either FILE or -c CODE") }
    }

    func run() async throws {
        let source: String
        if let code {
            source = code
        } else if let file, let data = FileManager.default.contents(atPath: file) {
            source = String(decoding: data, as: UTF8.self)
        } else {
            throw ValidationError("cannot read \(file ?? "")")
        }
        let script = HeadlessRun(source: source, figures: output, progress: progress)
        guard let shard else { return try await script.execute(sharding: nil) }
        let recorder: ShardRecorder
        do {
            recorder = ShardRecorder(shard: try Shard(parsing: shard, environment: ProcessInfo.processInfo.environment))
        } catch {
            throw ValidationError("--shard: \(error)")
        }
        try await script.execute(sharding: .recording(recorder))
        // Written whole or not at all, and only after the script succeeded: a failed shard leaves no file, and
        // the merge names it missing rather than merging part of it.
        let folder = URL(fileURLWithPath: partials, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(recorder.shard.fileName)
        try recorder.file(script: source).encoded().write(to: url, options: .atomic)
        FileHandle.standardError.write(Data("\(recorder.shard): wrote \(url.path)\n".utf8))
    }
}
