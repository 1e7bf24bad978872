import Attribution
import JupyterKernel
import JupyterWidgets

/// `%explore ig IMAGE`: Integrated Gradients with a slider for the number of integration steps and the
/// convergence delta Σ A − (f(x) − f(x′)) beside the map. Few steps give a rough integral and a large delta;
/// as the steps grow the map settles and the delta shrinks towards zero (completeness).
final class IGStepsExplorer: Sendable {
    static let initialSteps = 4
    let panel: ExplorerPanel
    let root: Widget
    private let steps: Widget
    private let cache = ComputedCache<Int, MapValue>()

    init(image: ImageValue, model: ModelValue, settings: Settings, widgets: WidgetManager, context: any ExecutionContext,
         progress: Attribution.Progress) throws {
        let target = try TargetChoice.top.resolve(for: [image], model: model, command: "explore")[0]
        let compute: @Sendable (Int, Attribution.Progress) throws -> MapValue = { count, progress in
            try MapMaker.explorer("ig", words: ["--steps", String(count)], model: model, settings: settings)
                .maps(of: [image], targets: [target], progress: progress)[0]
        }
        let first = try compute(Self.initialSteps, progress)
        cache[Self.initialSteps] = first
        panel = try ExplorerPanel(widgets: widgets, showing: try ExplorerView(map: first, note: Self.note(first)), context: context)
        steps = widgets.open(WidgetModel.intSlider(value: Self.initialSteps, in: 1...128, description: "steps")
            .with(layout: ["width": "30em"]), context: context)
        root = panel.root(controls: [[steps]], context: context)
        panel.refresh(on: [steps]) { [panel, steps, cache] context in
            let count = steps.model.intValue ?? Self.initialSteps
            try panel.present(count, from: cache, label: "ig with \(count) steps", context: context) { progress in
                try compute(count, progress)
            } view: { map in try ExplorerView(map: map, note: Self.note(map)) }
        }
    }

    /// The steps and the delta, with what the delta means.
    static func note(_ map: MapValue) -> String {
        let delta = map.parameters["convergence_delta"].flatMap(Double.init) ?? .nan
        return "<b>Integrated Gradients</b>, \(map.parameters["steps"] ?? "?") steps, for \(Table.escaped(map.targetLabel))<br>"
            + "convergence delta Σ A − (f(x) − f(x′)) = <b>\(String(format: "%.4g", delta))</b><br>"
            + "<small>the further from 0, the less the map adds up to the change of the score from the baseline</small>"
    }
}
