import Attribution
import Evaluation
import JupyterKernel
import Plotting

/// `%sanity METHOD IMAGE`: the randomization sanity check of a method on an image; with `--images SET`,
/// of methods over every picture of a set.
struct SanityCommand: Command {
    let name = "sanity"
    let summary = "Randomization sanity check: does the map change when the model's weights are randomized?"
    let signature = CommandSignature(
        positionals: [.init("method", help: MethodCatalog.names.joined(separator: ", ") + "; with --images, several, comma-separated"),
                      .init("image", help: "a workspace image", isOptional: true)],
        options: [
            .flag("independent", help: "randomize one layer at a time instead of cascading from the output down"),
            .flag("var", help: "check the method's VAR map instead; with --images, beside the method's own"),
            .value("images", "SET", help: "check over this labelled set (%data folder, %data shapes --count)"),
            .value("n", "N", help: "with --images: only the first N pictures"),
            .value("target", "CLASS", help: TargetChoice.help),
            .value("model", "NAME", help: "the model (default the active one)"),
            .value("randomization-seed", "N", default: "0", help: "seed of the random weights"),
        ] + SweepOptions.options + MethodCatalog.options)
    let details = """
        Adebayo et al. (NeurIPS 2018): replace the learned weights by random ones, layer after layer \
        from the output (cascading) or one at a time (independent), and compare the maps with the \
        original by Spearman rank correlation, SSIM and HOG similarity of their absolute values. A \
        method that explains the model must lose its similarity quickly; one that stays alike is \
        mostly an edge detector of the input (Guided Backprop is the classic example).

        With `--images SET` every picture of the set (or the first `--n`) is checked with every method \
        named; each item scores the three similarities once every learned layer is randomized (lower \
        is better: the map depends on the weights), and keeps them layer by layer in its details. VAR's \
        competing classes are those of the trained model, kept under randomization.

        \(SweepOptions.help)

        Example: `%sanity gbp img`, `%sanity gradient img --var`, `%sanity gradient,gbp --images photos --n 20 --var`.
        """

    func run(_ arguments: Arguments, in environment: inout CommandEnvironment) async throws -> (any WorkspaceValue)? {
        if let set = arguments.value("images") {
            if let image = arguments.positional("image") { throw WorkbenchError.unexpectedArgument(command: name, argument: image) }
            return try sweep(set: set, arguments, environment: environment)
        }
        guard arguments.positional("image") != nil else { throw WorkbenchError.missingArgument(command: name, argument: "image") }
        if let option = ["n", "resamples", "interval", "level"].first(where: arguments.given) {
            throw WorkbenchError.invalidValue(command: name, option: "--\(option)", value: arguments.positional("image") ?? "",
                                              expected: "--images SET first: it is an option of a check over a set")
        }
        let (image, model) = try environment.workspace.image(
            arguments.all("image"), fitting: ModelCommand.model(named: arguments.value("model"), in: environment.workspace, command: name),
            command: name)
        var maker = try MapMaker(arguments.positional("method") ?? "", arguments: arguments, model: model,
                                 settings: environment.workspace.settings, command: name)
        if arguments.flag("var") { maker.method = VAR(maker.method) }
        let target = try TargetChoice(arguments.value("target"), model: model, command: name).resolve(for: [image], model: model, command: name)[0]
        let layers = ModelRandomization.learnedLayers(of: model.network)
        guard !layers.isEmpty else { throw WorkbenchError.failed(command: name, reason: "\(model.name) has no learned layers to randomize") }
        let seed = UInt64(try arguments.number("randomization-seed", range: 0...9e15) ?? 0)
        let cascading = !arguments.flag("independent")
        let (original, randomized) = try environment.withProgress("sanity \(maker.method.name)") { progress in
            let steps = layers.count + 1
            let original = try maker.maps(of: [image], targets: [target], progress: progress.stage(0, of: steps))[0]
            var maps: [MapValue] = []
            var changed = model
            for (index, layer) in layers.enumerated() {
                try progress.checkCancellation()
                // Cascading adds one layer to the last step's randomization; independent starts from the trained model each time.
                changed.network = try ModelRandomization.randomizing(layer, position: cascading ? index : 0,
                                                                     of: cascading ? changed.network : model.network, seed: seed)
                maps.append(try maker.replacing(model: changed)
                    .maps(of: [image], targets: [target], progress: progress.stage(index + 1, of: steps))[0])
                progress.report(Double(index + 2) / Double(steps), layer)
            }
            return (original, maps)
        }
        let similarities = try randomized.map { try ModelRandomization.similarity(original.attribution, $0.attribution) }
        let panels = [try original.style.panel(for: original, title: "original")]
            + (try zip(layers, randomized).map { layer, map in try map.style.panel(for: map, title: (cascading ? "→ " : "") + layer) })
        environment.output.display(try PanelGrid(rows: [panels], suptitle: "\(maker.method.name): \(cascading ? "cascading" : "independent") randomization",
                                                 panelSize: 96).bundle(plain: "<figure sanity maps>", provenance: original.provenance),
                                   displayID: nil)
        let steps = Array(0...layers.count).map(Double.init)
        let plot = LinePlot(series: [
            try Series(name: "Spearman (abs)", x: steps, y: [1] + similarities.map(\.spearman)),
            try Series(name: "SSIM", x: steps, y: [1] + similarities.map(\.ssim)),
            try Series(name: "HOG", x: steps, y: [1] + similarities.map(\.hog)),
        ], title: "similarity to the original map", xLabel: "layers randomized", yLabel: "similarity",
           xCategories: ["none"] + layers, yRange: -0.2...1)
        var provenance = original.provenance
        provenance["randomization"] = .string(cascading ? "cascading" : "independent")
        provenance["randomization_seed"] = .number(Double(seed))
        let data: JSONObject = [
            "layers": .array(layers.map { .string($0) }),
            "spearman": .array(similarities.map { .number($0.spearman) }),
            "ssim": .array(similarities.map { .number($0.ssim) }),
            "hog": .array(similarities.map { .number($0.hog) }),
        ]
        return FigureValue(figure: plot, title: "sanity check of \(maker.method.name)", data: data, provenance: provenance, isPlot: true,
                           array: FigureValue.matrix([similarities.map(\.spearman), similarities.map(\.ssim), similarities.map(\.hog)]))
    }
}
