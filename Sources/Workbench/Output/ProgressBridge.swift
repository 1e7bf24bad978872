import Attribution
import Foundation
import JupyterKernel
import Synchronization

/// Turns the library's progress reports into a progress bar in the cell, and the cell's interrupt
/// into the library's cancellation. The bar appears only once the work has run for half a second,
/// so quick commands leave no trace; it shows the stage and the time left.
final class ProgressBridge: Sendable {
    static let delay = 0.5

    private struct State {
        var display: ProgressDisplay?
        var lastFraction = 0.0
    }

    private let label: String
    private let context: any ExecutionContext
    private let started = Date()
    private let state = Mutex(State())

    init(_ label: String, context: any ExecutionContext) {
        self.label = label
        self.context = context
    }

    /// The progress to hand to the library.
    var progress: Attribution.Progress {
        Attribution.Progress(report: { [self] fraction, stage in report(fraction, stage) },
                             isCancelled: { [context] in context.isCancelled })
    }

    private func report(_ fraction: Double, _ stage: String) {
        let elapsed = Date().timeIntervalSince(started)
        let context = self.context, label = self.label
        state.withLock { state in
            state.lastFraction = fraction
            if state.display == nil {
                guard elapsed >= Self.delay else { return }
                state.display = ProgressDisplay(label, total: 1, context: context)
            }
            let left = fraction > 0.02 ? elapsed * (1 - fraction) / fraction : nil
            let note = [stage, left.map { "about \(Self.duration($0)) left" }].compactMap { $0 }.filter { !$0.isEmpty }
            state.display?.update(fraction, note: note.joined(separator: " · "))
        }
    }

    /// Closes the bar, if one was shown, with the time taken.
    func finish() {
        let elapsed = Date().timeIntervalSince(started)
        state.withLock { state in
            state.display?.finish(1, note: "done in \(Self.duration(elapsed))")
        }
    }

    static func duration(_ seconds: Double) -> String {
        seconds < 60 ? String(format: "%.1f s", seconds) : String(format: "%d min %02d s", Int(seconds) / 60, Int(seconds) % 60)
    }
}

extension CommandEnvironment {
    /// Runs `work` with a progress bar labelled `label`; an interrupt surfaces as `ExecutionInterrupted`.
    func withProgress<Result>(_ label: String, _ work: (Attribution.Progress) throws -> Result) throws -> Result {
        let bridge = ProgressBridge(label, context: output)
        defer { bridge.finish() }
        do {
            return try work(bridge.progress)
        } catch AttributionError.cancelled {
            throw ExecutionInterrupted()
        }
    }
}
