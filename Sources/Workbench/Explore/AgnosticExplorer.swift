import Attribution
import Imaging
import JupyterKernel
import JupyterWidgets

/// `%explore agnostic`: the input-agnostic map (Akhtar & Jalwana 2023) of any class of the active model, with
/// a play button that steps through the classes. Each class's map is computed once, in the background, and
/// kept; a class picked while another computes cancels it.
final class AgnosticExplorer: Sendable {
    let panel: ExplorerPanel
    let root: Widget

    init(model: ModelValue, parameters: InputAgnosticParameters, colormap: Colormap?, widgets: WidgetManager,
         context: any ExecutionContext, progress: Attribution.Progress) throws {
        let cache = ComputedCache<Int, FigureValue>()
        let view: @Sendable (FigureValue) -> ExplorerView = { figure in
            let rate = figure.data["fooling_rate"].flatMap { if case .number(let value) = $0 { value } else { nil } } ?? .nan
            let note = "<b>\(Table.escaped(figure.title))</b><br>"
                + String(format: "fooling rate %.2f: the share of random inputs that ρ sends to the class", rate)
            return ExplorerView(value: figure, figure: figure.figure, plain: "<figure \(figure.title)>", provenance: figure.provenance, note: note)
        }
        let compute: @Sendable (Int, Attribution.Progress) throws -> FigureValue = { target, progress in
            try AgnosticCommand.map(of: target, model: model, parameters: parameters, colormap: colormap, progress: progress)
        }
        let first = try compute(0, progress)
        cache[0] = first
        panel = try ExplorerPanel(widgets: widgets, showing: view(first), context: context)
        let labels = model.labels.indices.map { model.label($0) }
        let picker = widgets.open(.dropdown(labels, index: 0, description: "class"), context: context)
        let play = widgets.open(.play(value: 0, in: 0...(labels.count - 1), interval: 2500, description: "classes"), context: context)
        root = panel.root(controls: [[picker, play]], context: context)
        let present: @Sendable (Int, any ExecutionContext) throws -> Void = { [panel] target, context in
            try panel.present(target, from: cache, label: "agnostic map of \(model.label(target))", context: context) { progress in
                try compute(target, progress)
            } view: { view($0) }
        }
        // The play button and the picker follow each other; each change shows its class.
        panel.refresh(on: [picker]) { context in
            let target = picker.model.index ?? 0
            play.update(context: context) { $0["value"] = JSONValue(target) }
            try present(target, context)
        }
        panel.refresh(on: [play]) { context in
            let target = min(max(play.model.intValue ?? 0, 0), labels.count - 1)
            picker.update(context: context) { $0["index"] = JSONValue(target) }
            try present(target, context)
        }
    }
}
