import Attribution
import Imaging
import JupyterKernel
import JupyterWidgets

/// `%explore IMAGE`: the map of any method for any class of an image, with VAR on or off, drawn with any
/// colormap, sign, opacity and clipping. Maps already computed come from a cache, so a style change or a
/// return to an earlier choice answers at once; a new map is computed in the background with its
/// progress in the panel, and a newer choice cancels it.
final class MapExplorer: Sendable {
    /// What identifies a computed map; everything else is how it is drawn.
    private struct Key: Hashable {
        let method: String
        let target: Int
        let isVAR: Bool
    }

    private let image: ImageValue
    private let model: ModelValue
    private let settings: Settings
    private let targets: TargetChoices
    private let methods = MethodCatalog.names
    private let signs = VisualizationSign.allCases.map(\.rawValue)
    private let cache = ComputedCache<Key, MapValue>()
    private let controls: Controls
    let panel: ExplorerPanel
    let root: Widget

    private struct Controls: Sendable {
        let method, target, isVAR, colormap, sign, opacity, clip: Widget
        var all: [Widget] { [method, target, isVAR, colormap, sign, opacity, clip] }
    }

    /// Computes the first map (the gradient of the top class) in the cell, then opens the panel.
    init(image: ImageValue, model: ModelValue, settings: Settings, widgets: WidgetManager, context: any ExecutionContext,
         progress: Attribution.Progress) throws {
        self.image = image
        self.model = model
        self.settings = settings
        targets = try TargetChoices(image: image, model: model)
        let first = Key(method: "gradient", target: targets.classes[0], isVAR: false)
        let map = try Self.compute(first, image: image, model: model, settings: settings, progress: progress)
        cache[first] = map
        panel = try ExplorerPanel(widgets: widgets, showing: try ExplorerView(map: map, note: Self.note(for: map)), context: context)
        let style = map.style
        let wide: JSONObject = ["width": "22em"]
        controls = Controls(
            method: widgets.open(WidgetModel.dropdown(methods, index: methods.firstIndex(of: first.method) ?? 0, description: "method")
                .with(layout: wide), context: context),
            target: widgets.open(WidgetModel.dropdown(targets.labels, index: 0, description: "class").with(layout: wide), context: context),
            isVAR: widgets.open(.checkbox(false, description: "VAR"), context: context),
            colormap: widgets.open(.dropdown(Colormap.names, index: Colormap.names.firstIndex(of: style.colormap.name) ?? 0,
                                             description: "colormap"), context: context),
            sign: widgets.open(WidgetModel.toggleButtons(signs, index: signs.firstIndex(of: style.sign.rawValue) ?? 0, description: "sign")
                .with(style: ["button_width": "7.5em"]), context: context),
            opacity: widgets.open(.floatSlider(value: Double(style.alpha), in: 0...1, step: 0.05, description: "opacity"), context: context),
            clip: widgets.open(.floatSlider(value: Double(style.clip), in: 0...20, step: 0.5, description: "clip %",
                                            readoutFormat: ".1f"), context: context))
        // The sign's four buttons take a row of their own: beside the colormap they wrapped under their label, off the row.
        root = panel.root(controls: [[controls.method, controls.target, controls.isVAR], [controls.colormap], [controls.sign],
                                     [controls.opacity, controls.clip]], context: context)
        panel.refresh(on: controls.all) { [self] context in try refresh(context: context) }
    }

    /// Answers the controls' current values: from the cache at once, or by a computation in the background.
    func refresh(context: any ExecutionContext) throws {
        let key = Key(method: controls.method.model.selectedLabel ?? "gradient",
                      target: controls.target.model.index.map { targets.classes[$0] } ?? targets.classes[0],
                      isVAR: controls.isVAR.model.boolValue ?? false)
        let style = try currentStyle()
        let (image, model, settings) = (self.image, self.model, self.settings)
        try panel.present(key, from: cache, label: "\(key.isVAR ? "var(\(key.method))" : key.method) for \(model.label(key.target))",
                          context: context) { progress in
            try Self.compute(key, image: image, model: model, settings: settings, progress: progress)
        } view: { map in
            var styled = map
            styled.style = style
            return try ExplorerView(map: styled, note: Self.note(for: styled))
        }
    }

    private func currentStyle() throws -> MapStyle {
        let sign = VisualizationSign(rawValue: controls.sign.model.selectedLabel ?? "") ?? .absolute
        var style = MapStyle(sign: sign, colormap: try Colormap(named: controls.colormap.model.selectedLabel ?? "inferno"))
        style.alpha = Float(controls.opacity.model.doubleValue ?? 0.55)
        style.clip = Float(controls.clip.model.doubleValue ?? 2)
        return style
    }

    private static func compute(_ key: Key, image: ImageValue, model: ModelValue, settings: Settings,
                                progress: Attribution.Progress) throws -> MapValue {
        var maker = try MapMaker.explorer(key.method, model: model, settings: settings)
        if key.isVAR { maker = maker.replacing(method: VAR(maker.method, classes: .automatic(topK: 2))) }
        return try maker.maps(of: [image], targets: [key.target], progress: progress)[0]
    }

    /// What the map is, and for IG and DeepLIFT how far from complete.
    static func note(for map: MapValue) -> String {
        var lines = ["<b>\(Table.escaped(map.method))</b> for <b>\(Table.escaped(map.targetLabel))</b>"]
        if let delta = map.parameters["convergence_delta"] {
            lines.append("convergence delta Σ A − (f(x) − f(x′)): \(Table.escaped(delta))")
        }
        return lines.joined(separator: "<br>")
    }
}
