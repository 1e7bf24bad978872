import Attribution
import Foundation
import JupyterKernel
import JupyterWidgets
import Logging
import Plotting
import Synchronization

/// The part every explorer shares: the picture, a note beside it, a status line with progress, the
/// provenance a click away, a message area for errors, and the computations behind them, run one at a
/// time off the shell thread (`LatestJob`). Explorers add their controls above.
final class ExplorerPanel: Sendable {
    private static let logger = Logger(label: "saliency-kernel.explore")

    let widgets: WidgetManager
    let jobs = LatestJob()
    private let picture: Widget
    private let note: Widget
    private let status: Widget
    private let provenance: Widget
    private let messages: Widget
    private let shownView: Mutex<ExplorerView>
    private let lastProgress = Mutex(ContinuousClock.now)

    /// Opens the shared widgets showing `view`.
    init(widgets: WidgetManager, showing view: ExplorerView, context: any ExecutionContext) throws {
        self.widgets = widgets
        let (png, width) = try Self.render(view)
        picture = widgets.open(.image(png, width: width), context: context)
        note = widgets.open(.html(view.note).with(layout: ["min_width": "14em"]), context: context)
        status = widgets.open(.html(""), context: context)
        provenance = widgets.open(.html(Self.provenanceHTML(view.provenance)), context: context)
        messages = widgets.open(.output(), context: context)
        shownView = Mutex(view)
    }

    /// What is shown now.
    var shown: ExplorerView { shownView.withLock { $0 } }

    /// The panel: each row of controls, then the picture with its note, status and provenance, then the
    /// message area.
    func root(controls: [[Widget]], context: any ExecutionContext) -> Widget {
        let side = widgets.open(.vBox([note, status, provenance]), context: context)
        let body = widgets.open(.hBox([picture, side]), context: context)
        let rows = controls.map { widgets.open(.hBox($0), context: context) }
        return widgets.open(.vBox(rows + [body, messages]), context: context)
    }

    /// The panel's display, with a PNG of what it shows for frontends without widgets.
    func display(_ root: Widget) -> MimeBundle {
        let view = shown
        do {
            return widgets.display(root, fallback: try view.figure.bundle(plain: view.plain, provenance: view.provenance))
        } catch {
            return widgets.display(root, fallback: .text(view.plain))
        }
    }

    /// Shows `view`, unless `isCurrent` says a newer request has come since it was asked for.
    func show(_ view: ExplorerView, context: any ExecutionContext, isCurrent: () -> Bool = { true }) throws {
        let (png, width) = try Self.render(view)
        try shownView.withLock { shown throws in
            guard isCurrent() else { return }
            shown = view
            picture.update(context: context) { model in
                model.binary["value"] = png
                model["width"] = .string(String(width))
            }
            note.update(context: context) { $0["value"] = .string(view.note) }
            provenance.update(context: context) { $0["value"] = .string(Self.provenanceHTML(view.provenance)) }
            status.update(context: context) { $0["value"] = "" }
            messages.update(context: context) { $0["outputs"] = [] }
        }
    }

    /// Runs `work` in the background as the latest request; its progress shows in the status line, its
    /// result replaces the picture, its error goes to the message area and the log. A newer request
    /// or an interrupt cancels it.
    func compute(_ label: String, context: any ExecutionContext,
                 _ work: @escaping @Sendable (Attribution.Progress) throws -> ExplorerView) {
        let background = context.detached()
        setStatus(label, fraction: 0, context: background)
        jobs.submit { [self] isCurrent in
            let progress = Progress(report: { [self] fraction, stage in
                guard isCurrent(), progressIsDue() else { return }
                setStatus(stage.isEmpty ? label : "\(label): \(stage)", fraction: fraction, context: background)
            }, isCancelled: { !isCurrent() || background.isCancelled })
            do {
                let view = try work(progress)
                try show(view, context: background, isCurrent: isCurrent)
            } catch AttributionError.cancelled where isCurrent() {
                setStatus("\(label): interrupted", fraction: nil, context: background)
            } catch is ExecutionInterrupted where isCurrent() {
                setStatus("\(label): interrupted", fraction: nil, context: background)
            } catch where isCurrent() {
                report(error, while: label, context: background)
            } catch {}
        }
    }

    /// An error of a widget event: in the panel's message area and the kernel's log, never lost.
    func report(_ error: any Error, while action: String, context: any ExecutionContext) {
        let text = "\(action): \(error)"
        Self.logger.error("\(text)")
        setStatus("", fraction: nil, context: context)
        messages.update(context: context) { model in
            model["outputs"] = [["output_type": "stream", "name": "stderr", "text": .string(text + "\n")]]
        }
    }

    private func setStatus(_ text: String, fraction: Double?, context: any ExecutionContext) {
        let bar = fraction.map { "<progress value=\"\($0)\" max=\"1\" style=\"width:10em\"></progress> \(Int($0 * 100))% " } ?? ""
        status.update(context: context) { $0["value"] = .string(text.isEmpty ? "" : "<span>\(bar)\(Table.escaped(text))</span>") }
    }

    /// At most ten progress updates a second, as `ProgressDisplay` throttles a cell's bar.
    private func progressIsDue() -> Bool {
        lastProgress.withLock { last in
            let now = ContinuousClock.now
            guard now - last >= ProgressDisplay.minimumInterval else { return false }
            last = now
            return true
        }
    }

    private static func render(_ view: ExplorerView) throws -> (png: Data, width: Int) {
        let size = try view.figure.pointSize()
        return (Data(try view.figure.png(scale: 2)), Int(size.width.rounded()))
    }

    private static func provenanceHTML(_ provenance: JSONObject) -> String {
        let json = (try? JSONValue.object(provenance).encodedPretty()).map { String(decoding: $0, as: UTF8.self) } ?? ""
        return "<details><summary>provenance</summary><pre style=\"font-size:smaller;max-height:20em;overflow:auto\">"
            + Table.escaped(json) + "</pre></details>"
    }
}
