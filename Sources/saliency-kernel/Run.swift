import ArgumentParser
import Foundation
import JupyterKernel
import Synchronization
import Tensor
import Workbench

/// `saliency-kernel run FILE | -c CODE`: runs commands without Jupyter, printing text outputs.
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

    func validate() throws {
        guard (file == nil) != (code == nil) else { throw ValidationError("give either FILE or -c CODE") }
    }

    func run() async throws {
        HeapTuning.keepLargeBuffersInHeap()
        let source: String
        if let code {
            source = code
        } else if let file, let data = FileManager.default.contents(atPath: file) {
            source = String(decoding: data, as: UTF8.self)
        } else {
            throw ValidationError("cannot read \(file ?? "")")
        }
        let interrupted = Atomic(false)
        let interruptSource = Interrupts.onSIGINT { interrupted.store(true, ordering: .releasing) }
        defer { interruptSource.cancel() }
        let folder = try output.map { path in
            let url = URL(fileURLWithPath: path, isDirectory: true)
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            return url
        }
        let context = TerminalContext(figures: folder, showsProgress: progress) { interrupted.load(ordering: .acquiring) }
        do {
            let outcome = try await WorkbenchInterpreter().execute(source, context: context)
            if let result = outcome.result { context.display(result, displayID: nil) }
            for page in outcome.pages { print(page.plainText ?? "") }
        } catch let error as ExecutionError {
            FileHandle.standardError.write(Data((error.traceback.joined(separator: "\n") + "\n").utf8))
            throw ExitCode.failure
        }
    }
}
