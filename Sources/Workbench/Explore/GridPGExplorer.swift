import Attribution
import Datasets
import Evaluation
import JupyterKernel
import JupyterWidgets

/// `%explore gridpg [--method M]`: a 2×2 mosaic of scenes the model classifies confidently, and a picker of
/// its cells' classes: the map of each class should light up its own cell. The note gives the cell's GridPG
/// score, the share of positive attribution inside it (chance: 0.25).
final class GridPGExplorer: Sendable {
    let panel: ExplorerPanel
    let root: Widget

    private struct Key: Hashable {
        let method: String
        let cell: Int
    }

    init(method: String, model: ModelValue, settings: Settings, widgets: WidgetManager, context: any ExecutionContext,
         progress: Attribution.Progress) throws {
        let side = model.inputShape.count == 3 ? model.inputShape[1] : 64
        let enlarged = try model.accepting(height: 2 * side, width: 2 * side)
        let wide = enlarged ?? model
        let normalization = model.normalization
        progress.report(0, "choosing a mosaic")
        // `%gridpg … --confidence 0.9 --mosaic-seed SEED`'s first mosaic.
        let scenes = SweepImages(shapes: .test)
        let planner = try MosaicPlanner(labels: (0..<scenes.count).lazy.map(scenes.images.label(at:)), gridSize: 2, seed: settings.seed)
        let mosaic = try ConfidentPictures(images: scenes, model: model, side: side, confidence: 0.9)
            .mosaic(0, of: planner, layout: enlarged == nil ? .shrunk : .enlarged, loop: SweepLoop(label: "explore", policy: .fail, command: "explore"))
        let image = ImageValue(tensor: try normalization.applied(to: try mosaic.image.reshaped([1] + mosaic.image.shape)),
                               normalization: normalization, source: "mosaic of " + mosaic.labels.map { model.labels[$0] }.joined(separator: ", "))
        let methods = MethodCatalog.names
        let positions = ["top left", "top right", "bottom left", "bottom right"]
        let cache = ComputedCache<Key, MapValue>()
        let compute: @Sendable (Key, Attribution.Progress) throws -> MapValue = { key, progress in
            try MapMaker.explorer(key.method, model: wide, settings: settings)
                .maps(of: [image], targets: [mosaic.labels[key.cell]], progress: progress)[0]
        }
        let view: @Sendable (Key, MapValue) throws -> ExplorerView = { key, map in
            let score = try GridPointingGame.score(map: map.attribution, cell: mosaic.cells[key.cell])
            return try ExplorerView(map: map, note: "<b>\(Table.escaped(map.method))</b> for <b>\(Table.escaped(map.targetLabel))</b>, "
                + "the \(positions[key.cell]) cell<br>GridPG score <b>\(String(format: "%.3f", score))</b> "
                + "<small>(share of positive attribution in the cell; chance 0.25)</small>")
        }
        let first = Key(method: method, cell: 0)
        let map = try compute(first, progress)
        cache[first] = map
        panel = try ExplorerPanel(widgets: widgets, showing: try view(first, map), context: context)
        let picker = widgets.open(.dropdown(mosaic.labels.indices.map { "\(positions[$0]): \(model.label(mosaic.labels[$0]))" }, index: 0,
                                            description: "class"), context: context)
        let methodPicker = widgets.open(.dropdown(methods, index: methods.firstIndex(of: method) ?? 0, description: "method"), context: context)
        root = panel.root(controls: [[methodPicker, picker]], context: context)
        panel.refresh(on: [picker, methodPicker]) { [panel] context in
            let key = Key(method: methodPicker.model.selectedLabel ?? method, cell: min(max(picker.model.index ?? 0, 0), 3))
            try panel.present(key, from: cache, label: "\(key.method) for \(model.label(mosaic.labels[key.cell]))", context: context) { progress in
                try compute(key, progress)
            } view: { try view(key, $0) }
        }
    }
}
