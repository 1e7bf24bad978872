import Attribution
import Datasets
import Evaluation
import JupyterKernel
import Plotting
import Tensor

/// `%gridpg METHODS [--images SET]`: the grid pointing game on mosaics of the shapes scenes or of a labelled set.
struct GridPGCommand: Command {
    let name = "gridpg"
    let summary = "Grid pointing game: how much of each map falls in the cell of its class, on the shapes scenes or your pictures"
    let signature = CommandSignature(
        positionals: [.init("methods", help: "comma-separated methods: " + MethodCatalog.names.joined(separator: ","))],
        options: [
            .flag("var", help: "also score each method's VAR map, with the mosaic's classes competing"),
            .value("images", "SET", help: "mosaics of this labelled set (%data folder, %data shapes --count) instead of the shapes test scenes"),
            .value("n", "N", default: "20", help: "how many mosaics"),
            .value("grid", "G", default: "2", help: "G×G cells per mosaic"),
            .value("confidence", "P", default: "0.99",
                   help: "a picture enters a mosaic only if classified right with this probability (0: every picture, as Quad-ImageNet)"),
            .value("mosaic-seed", "N", default: "0", help: "which classes and pictures go in which mosaic"),
            .value("model", "NAME", help: "the model (default the active one)"),
        ] + SweepOptions.options + MethodCatalog.options)
    let details = """
        Böhle et al.'s protocol (CVPR 2022): mosaics of G×G pictures of distinct classes, each one \
        classified right and confidently on its own. For every cell the map of that cell's class is \
        computed on the whole mosaic; its score is the share of positive attribution inside the cell. \
        1 is perfect localisation; 1/G² is chance. An item is a mosaic, scored by the mean of its cells.

        The pictures are the shapes test scenes, or with `--images` your own set. Each is first \
        prepared at the model's input size, as `%image load` does (the VAR paper's Quad-ImageNet). A \
        fully convolutional model then takes the mosaic at G times its input size; so does shapes-vit, \
        with its position embeddings resampled to the larger token grid (Dosovitskiy et al. 2021, \
        section 3.2). Another model with a fixed input size takes the mosaic shrunk to that size, each \
        picture at 1/G of its side, as Quad-ImageNet puts four 112² pictures in one 224² input.

        Mosaic i draws its classes and, within each class, the order in which pictures are tried, from \
        `--mosaic-seed` and i alone; a cell takes the first picture the model classifies right with \
        `--confidence`. So mosaic i is the same in any subset of a sweep, and mosaics are independent \
        draws (a picture may serve in several).

        \(SweepOptions.help)

        Examples: `%gridpg gradient,gradcam,lrp --var --n 50`, `%gridpg gbp --var --images photos --n 200`.
        """

    func run(_ arguments: Arguments, in environment: inout CommandEnvironment) async throws -> (any WorkspaceValue)? {
        let model = try ModelCommand.model(named: arguments.value("model"), in: environment.workspace, command: name)
        let grid = Int(try arguments.number("grid", range: 1...3) ?? 2)
        let side = model.inputShape.count == 3 ? model.inputShape[1] : 64
        let enlarged = try model.accepting(height: grid * side, width: grid * side)
        let layout: MosaicLayout = enlarged == nil ? .shrunk : .enlarged
        let methods = try SweepMethods((arguments.positional("methods") ?? "").split(separator: ",").map(String.init),
                                       arguments: arguments, model: enlarged ?? model, settings: environment.workspace.settings,
                                       includesVAR: arguments.flag("var"), command: name)
        let images = try arguments.value("images").map { try SweepImages(named: $0, in: environment.workspace, for: model, command: name) }
            ?? SweepImages(shapes: .test)
        let count = Int(try arguments.number("n", range: 1...100_000) ?? 20)
        let confidence = try arguments.number("confidence", range: 0...1) ?? 0.99
        let mosaicSeed = UInt64(try arguments.number("mosaic-seed", range: 0...9e15) ?? 0)
        let planner: MosaicPlanner
        do {
            planner = try MosaicPlanner(labels: (0..<images.count).lazy.map(images.images.label(at:)), gridSize: grid, seed: mosaicSeed)
        } catch let error as DatasetError {
            throw WorkbenchError.failed(command: name, reason: "\(images.source): \(error)")
        }
        let candidates = ConfidentPictures(images: images, model: model, side: side, confidence: confidence)
        var examples: [MapValue] = []
        let loop = SweepLoop(label: "gridpg", policy: images.policy, command: name)
        let (records, skipped) = try loop.run(Array(0..<count), environment: environment) { item, progress in
            let mosaic = try candidates.mosaic(item, of: planner, layout: layout, loop: loop)
            let chosen = mosaic.sourceIndices
            let image = try SweepImages.image(mosaic.image, name: "mosaic #\(item)", label: nil, mask: nil, for: model)
            let makers = try methods.makers(forItem: item, varClasses: .given(mosaic.labels))
            return try zip(methods.names, makers).enumerated().map { index, named in
                let maps = try named.1.maps(of: Array(repeating: image, count: mosaic.labels.count), targets: mosaic.labels,
                                            progress: progress.stage(index, of: makers.count))
                if item == 0 { examples.append(maps[0]) }
                let cells = try zip(mosaic.cells, maps).map { try GridPointingGame.score(map: $1.attribution, cell: $0) }
                return SweepRecord(item: item, method: named.0, pictures: chosen.map(images.images.name(at:)), labels: mosaic.labels,
                                   seed: ItemSeed.seed(methods.seed, item: item), scores: [cells.reduce(0, +) / Double(cells.count)],
                                   detail: ["cells": .array(cells.map { .number($0) })])
            }
        }
        candidates.reportLeftOut(to: environment.output, command: name)
        var provenance = model.provenance.merging(methods.provenance) { $1 }
        provenance["images"] = .object(images.provenance)
        provenance["mosaics"] = .number(Double(count))
        provenance["grid"] = .number(Double(grid))
        provenance["layout"] = .string(layout.rawValue)
        provenance["confidence"] = .number(confidence)
        provenance["mosaic_seed"] = .number(Double(mosaicSeed))
        let cells: JSONObject = Dictionary(uniqueKeysWithValues: methods.names.map { method in
            (method, JSONValue.array(records.filter { $0.method == method }.flatMap { $0.detail["cells"]?.arrayValue ?? [] }))
        })
        let sweep = try SweepValue(
            title: String(format: "GridPG on %d %d×%d mosaics of %@ (chance %.2f)", count, grid, grid, images.source, 1 / Double(grid * grid)),
            figureTitle: String(format: "GridPG per mosaic (chance %.2f)", 1 / Double(grid * grid)),
            metrics: [SweepMetric(name: "gridpg", title: "GridPG", higherIsBetter: true, range: 0...1)], methods: methods.names,
            records: records, skipped: skipped, comparisons: methods.comparisons,
            bootstrap: try SweepOptions.bootstrap(arguments, settings: environment.workspace.settings), provenance: provenance,
            extra: ["cells": .object(cells)])
        sweep.displayTables(to: environment.output)
        if !examples.isEmpty {
            let figure = PanelGrid(rows: [try examples.map { try $0.style.panel(for: $0, title: $0.method) }],
                                   suptitle: "first mosaic, map of the top-left cell's class", panelSize: 128)
            environment.output.display(try figure.bundle(plain: "<figure GridPG examples>", provenance: sweep.provenance), displayID: nil)
        }
        return sweep
    }
}

/// The pictures a mosaic may take: those the model classifies right with enough confidence, each judged
/// alone (a batch of one, so the verdict never depends on which others are judged) and remembered.
final class ConfidentPictures {
    let images: SweepImages
    let model: ModelValue
    let side: Int
    let confidence: Double
    private var verdicts: [Int: Bool] = [:]
    private var samples: [Int: LabelledSample] = [:]
    private var leftOut: [UnreadableItem] = []

    init(images: SweepImages, model: ModelValue, side: Int, confidence: Double) {
        (self.images, self.model, self.side, self.confidence) = (images, model, side, confidence)
    }

    /// Whether picture `index` may enter a mosaic; an unreadable one may not, and is left out or stops
    /// the sweep as the set's policy says.
    private func accepts(_ index: Int, loop: SweepLoop) throws -> Bool {
        if let verdict = verdicts[index] { return verdict }
        let verdict: Bool
        do {
            let sample = try images.sample(at: index, side: side)
            verdict = try confidence == 0 || isConfident(sample)
            if verdict { samples[index] = sample }
        } catch let unreadable as UnreadableItem {
            guard images.policy == .skip else { throw loop.failure(unreadable) }
            leftOut.append(unreadable)
            verdict = false
        }
        verdicts[index] = verdict
        return verdict
    }

    private func isConfident(_ sample: LabelledSample) throws -> Bool {
        guard let label = sample.label else { return false }
        let input = try model.normalization.applied(to: try sample.image.reshaped([1] + sample.image.shape))
        let probabilities = try model.network.forward(input).softmax(alongAxis: 1).scalars
        return probabilities.indices.max { probabilities[$0] < probabilities[$1] } == label && Double(probabilities[label]) >= confidence
    }

    /// Mosaic `item` of `planner`: its pictures those the model classifies confidently, laid out for the
    /// model. Only this mosaic's accepted pictures are held, however long the sweep; a picture an earlier
    /// mosaic accepted is read again.
    func mosaic(_ item: Int, of planner: MosaicPlanner, layout: MosaicLayout, loop: SweepLoop) throws -> Mosaic {
        samples = [:]
        let chosen: [Int]
        do {
            chosen = try planner.items(ofMosaic: item, accepting: { try accepts($0, loop: loop) })
        } catch let error as DatasetError {
            throw WorkbenchError.failed(command: loop.command, reason: "mosaic \(item) of \(images.source): \(error)")
        }
        let tiles = try chosen.map { try samples[$0] ?? images.sample(at: $0, side: side) }
        return try layout.fitted(try Mosaic(tiles: tiles.map(\.image), labels: tiles.map { $0.label! }, sourceIndices: chosen,
                                            gridSize: planner.gridSize), side: side)
    }

    func reportLeftOut(to output: any ExecutionContext, command: String) {
        guard !leftOut.isEmpty else { return }
        output.write("%\(command) left out \(leftOut.count) unreadable pictures: "
            + leftOut.prefix(5).map { "\($0.name) (\($0.reason))" }.joined(separator: "; ") + (leftOut.count > 5 ? "; …" : "") + "\n", to: .stderr)
    }
}
