import Attribution
import Datasets
import Evaluation
import JupyterKernel
import Plotting
import Tensor

/// `%gridpg METHODS`: the grid pointing game on mosaics of the shapes data set.
struct GridPGCommand: Command {
    let name = "gridpg"
    let summary = "Grid pointing game: how much of each map falls in the cell of its class"
    let signature = CommandSignature(
        positionals: [.init("methods", help: "comma-separated methods: " + MethodCatalog.names.joined(separator: ","))],
        options: [
            .flag("var", help: "also score each method's VAR map, with the mosaic's classes competing"),
            .value("n", "N", default: "20", help: "how many mosaics"),
            .value("grid", "G", default: "2", help: "G×G cells per mosaic"),
            .value("confidence", "P", default: "0.9", help: "a scene enters a mosaic only if classified right with this probability"),
            .value("mosaic-seed", "N", default: "0", help: "which classes go in which mosaic"),
            .value("model", "NAME", help: "the model (default the active one)"),
        ] + MethodCatalog.options)
    let details = """
        Böhle et al.'s protocol (CVPR 2022): mosaics of G×G scenes of distinct classes, each scene \
        classified correctly and confidently on its own. For every cell the map of that cell's class \
        is computed on the whole mosaic; its score is the share of positive attribution inside the \
        cell. 1 is perfect localisation; 1/G² is chance. A fully convolutional model takes the \
        mosaic at G times its input size; so does shapes-vit, with its position embeddings resampled \
        to the larger token grid (Dosovitskiy et al. 2021, section 3.2). Another model with a fixed \
        input size takes the mosaic shrunk to that size, each scene at 1/G of its side, as the VAR \
        paper's Quad-ImageNet does.

        Example: `%gridpg gradient,gradcam,lrp --var --n 50`.
        """

    func run(_ arguments: Arguments, in environment: inout CommandEnvironment) async throws -> (any WorkspaceValue)? {
        let model = try ModelCommand.model(named: arguments.value("model"), in: environment.workspace, command: name)
        let grid = Int(try arguments.number("grid", range: 1...3) ?? 2)
        let side = model.inputShape.count == 3 ? model.inputShape[1] : 64
        let enlarged = try model.accepting(height: grid * side, width: grid * side)
        let layout: MosaicLayout = enlarged == nil ? .shrunk : .enlarged
        let wide = enlarged ?? model
        let bases = try MapMaker.makers((arguments.positional("methods") ?? "").split(separator: ",").map(String.init),
                                        arguments: arguments, model: wide, settings: environment.workspace.settings, command: name)
        guard !bases.isEmpty else { throw WorkbenchError.missingArgument(command: name, argument: "a list of methods") }
        // VAR competes the mosaic's own classes, so its maker is built per mosaic.
        let runs = bases.map { ($0, false) } + (arguments.flag("var") ? bases.map { ($0, true) } : [])
        let count = Int(try arguments.number("n", range: 1...10_000) ?? 20)
        let confidence = try arguments.number("confidence", range: 0...1) ?? 0.9
        let mosaicSeed = UInt64(try arguments.number("mosaic-seed", range: 0...9e15) ?? 0)
        let builder = MosaicBuilder(gridSize: grid, confidence: Float(confidence))
        let normalization = model.normalization
        var scores: [[Double]] = []
        var example: [MapValue] = []
        try environment.withProgress("gridpg") { progress in
            progress.report(0, "choosing mosaics")
            let mosaics = try builder.mosaics(count: count, seed: mosaicSeed) { batch in
                try progress.checkCancellation()
                return try model.network.forward(try normalization.applied(to: batch), chunkSize: 100).softmax(alongAxis: 1)
            }.map { try layout.fitted($0, side: side) }
            for (index, (base, isVAR)) in runs.enumerated() {
                var methodScores: [Double] = []
                for (position, mosaic) in mosaics.enumerated() {
                    try progress.checkCancellation()
                    let maker = isVAR ? base.replacing(method: VAR(base.method, classes: .given(mosaic.labels)))
                                      : base
                    let image = ImageValue(tensor: try normalization.applied(to: try mosaic.image.reshaped([1] + mosaic.image.shape)),
                                           normalization: normalization, source: "mosaic #\(position)")
                    let images = [ImageValue](repeating: image, count: mosaic.labels.count)
                    let maps = try maker.maps(of: images, targets: mosaic.labels,
                                              progress: progress.stage(index * mosaics.count + position, of: runs.count * mosaics.count))
                    for (cell, map) in zip(mosaic.cells, maps) {
                        methodScores.append(try GridPointingGame.score(map: map.attribution, cell: cell))
                    }
                    if position == 0 { example += maps.prefix(1) }
                    progress.report((Double(index) + Double(position + 1) / Double(mosaics.count)) / Double(runs.count), maker.method.name)
                }
                scores.append(methodScores)
            }
        }
        let names = runs.map { $0.1 ? "var(\($0.0.method.name))" : $0.0.method.name }
        let means = scores.map { $0.reduce(0, +) / Double(max(1, $0.count)) }
        let rows = names.indices.map { index in
            [names[index], String(format: "%.3f", means[index]), String(format: "%.3f", Percentile.of(scores[index], 50)),
             String(scores[index].count)]
        }
        let caption = String(format: "GridPG on %d %d×%d mosaics (chance %.2f)", count, grid, grid, 1 / Double(grid * grid))
        var provenance = model.provenance
        provenance["methods"] = .object(Dictionary(uniqueKeysWithValues: bases.map {
            ($0.method.name, .object($0.method.parameters.mapValues { .string($0) }))
        }))
        provenance["var"] = .bool(arguments.flag("var"))
        provenance["mosaics"] = .number(Double(count))
        provenance["grid"] = .number(Double(grid))
        provenance["layout"] = .string(layout.rawValue)
        provenance["confidence"] = .number(confidence)
        provenance["mosaic_seed"] = .number(Double(mosaicSeed))
        provenance["version"] = .string(WorkbenchInterpreter.version)
        environment.output.display(Table(header: ["method", "mean", "median", "cells"], rows: rows, caption: caption)
            .bundle(provenance: provenance), displayID: nil)
        let examples = PanelGrid(rows: [try example.map { try $0.style.panel(for: $0, title: $0.method) }],
                                 suptitle: "first mosaic, map of the top-left cell's class", panelSize: 128)
        environment.output.display(try examples.bundle(plain: "<figure GridPG examples>", provenance: provenance), displayID: nil)
        let chart = BarChart(bars: zip(names, means).map { Bar(label: $0, value: $1) }, title: "GridPG localisation (mean)",
                             valueLabel: "share of positive attribution in the cell", valueRange: 0...1)
        let data: JSONObject = Dictionary(uniqueKeysWithValues: zip(names, scores).map { ($0, .array($1.map { .number($0) })) })
        return FigureValue(figure: chart, title: "GridPG of " + names.joined(separator: ", "), data: ["scores": .object(data)],
                           provenance: provenance, isPlot: true, array: FigureValue.matrix(scores))
    }
}
