import ArgumentParser
import Foundation
import JupyterKernel
import Synchronization
import Tensor
import Workbench

/// A script run without Jupyter, as `run` and `merge` do: text outputs printed, figures written as
/// numbered PNGs into `figures`, the first error printed to stderr with a non-zero exit.
struct HeadlessRun {
    var source: String
    var figures: String?
    var progress: Bool

    func execute(sharding: SweepSharding?) async throws {
        HeapTuning.keepLargeBuffersInHeap()
        let interrupted = Atomic(false)
        let interruptSource = Interrupts.onSIGINT { interrupted.store(true, ordering: .releasing) }
        defer { interruptSource.cancel() }
        let folder = try figures.map { path in
            let url = URL(fileURLWithPath: path, isDirectory: true)
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            return url
        }
        let context = TerminalContext(figures: folder, showsProgress: progress) { interrupted.load(ordering: .acquiring) }
        do {
            let outcome = try await SweepSharding.$current.withValue(sharding) {
                try await WorkbenchInterpreter().execute(source, context: context)
            }
            if let result = outcome.result { context.display(result, displayID: nil) }
            for page in outcome.pages { print(page.plainText ?? "") }
        } catch let error as ExecutionError {
            FileHandle.standardError.write(Data((error.traceback.joined(separator: "\n") + "\n").utf8))
            throw ExitCode.failure
        }
    }
}
