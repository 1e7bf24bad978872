import Attribution
import Evaluation
import JupyterKernel
import JupyterWidgets
import Plotting

/// `%explore sanity IMAGE [--method M]`: the cascading randomization check (Adebayo et al. 2018) with a
/// slider over how many layers, from the output down, have random weights. Every map is computed in the
/// cell; the slider only shows them, beside the original, with their similarity to it.
final class SanityExplorer: Sendable {
    let panel: ExplorerPanel
    let root: Widget

    private struct Step: Sendable {
        let map: MapValue
        let layer: String
        let similarity: (spearman: Double, ssim: Double, hog: Double)
    }

    init(method: String, image: ImageValue, model: ModelValue, settings: Settings, widgets: WidgetManager,
         context: any ExecutionContext, progress: Attribution.Progress) throws {
        let maker = try MapMaker.explorer(method, model: model, settings: settings)
        let target = try TargetChoice.top.resolve(for: [image], model: model, command: "explore")[0]
        let layers = ModelRandomization.learnedLayers(of: model.network)
        guard !layers.isEmpty else { throw WorkbenchError.failed(command: "explore", reason: "\(model.name) has no learned layers to randomize") }
        let original = try maker.maps(of: [image], targets: [target], progress: progress.stage(0, of: layers.count + 1))[0]
        var computed: [Step] = []
        for index in layers.indices {
            var randomized = model
            randomized.network = try ModelRandomization.randomizing(Array(layers[...index]), of: model.network, seed: 0)
            var map = try maker.replacing(model: randomized)
                .maps(of: [image], targets: [target], progress: progress.stage(index + 1, of: layers.count + 1))[0]
            map.parameters["randomized_layers"] = layers[...index].joined(separator: ",")
            map.parameters["randomization_seed"] = "0"
            computed.append(Step(map: map, layer: layers[index], similarity: try ModelRandomization.similarity(original.attribution, map.attribution)))
        }
        let steps = computed
        let view: @Sendable (Int) throws -> ExplorerView = { count in
            guard count > 0 else { return try ExplorerView(map: original, note: "<b>\(Table.escaped(method))</b>: the trained model, no layer randomized") }
            let step = steps[count - 1]
            let figure = PanelGrid(rows: [[Panel(image: try image.picture(), title: image.source),
                                           try original.style.panel(for: original, title: "trained"),
                                           try step.map.style.panel(for: step.map, title: "random down to \(step.layer)")]],
                                   suptitle: "\(method): cascading randomization", panelSize: 160)
            let note = "<b>\(count)</b> of \(steps.count) layers randomized, from the output down to <code>\(Table.escaped(step.layer))</code><br>"
                + "similarity to the trained model's map:<br>"
                + String(format: "Spearman (abs) %.3f · SSIM %.3f · HOG %.3f", step.similarity.spearman, step.similarity.ssim, step.similarity.hog)
                + "<br><small>a map that explains the model must lose its likeness quickly</small>"
            return ExplorerView(value: step.map, figure: figure, plain: "<map \(step.map.summary), \(count) layers randomized>",
                                provenance: step.map.provenance, note: note)
        }
        panel = try ExplorerPanel(widgets: widgets, showing: try view(0), context: context)
        let slider = widgets.open(WidgetModel.intSlider(value: 0, in: 0...steps.count, description: "layers")
            .with(layout: ["width": "30em"]), context: context)
        root = panel.root(controls: [[slider]], context: context)
        panel.refresh(on: [slider]) { [panel] context in
            panel.jobs.cancel()
            try panel.show(try view(min(max(slider.model.intValue ?? 0, 0), steps.count)), context: context)
        }
    }
}
