import Attribution
import JupyterKernel
import Plotting

/// `%compare METHODS IMAGES`: a grid of maps, images down, methods across, each method batched
/// over the images. `%compare MAPS` puts maps already in the workspace side by side.
struct CompareCommand: Command {
    let name = "compare"
    let summary = "Maps of several methods for several images, or maps already made, side by side"
    let signature = CommandSignature(
        positionals: [
            .init("methods", help: "comma-separated methods (" + MethodCatalog.names.joined(separator: ",") + "), or workspace maps"),
            .init("images", help: "workspace images or sets, comma- or space-separated (none when comparing maps)",
                  isOptional: true, repeats: true),
        ],
        options: [
            .value("target", "CLASS", help: TargetChoice.help),
            .value("model", "NAME", help: "the model (default the active one)"),
        ] + MethodCatalog.options)
    let details = """
        Each map uses its method's usual display (magnitudes for gradients, signed relevance for LRP, \
        positive evidence for CAMs). Options go to every method that reads them.

        Given maps instead of methods, it shows them as they are, each in its own style: maps with \
        other options, of other models, or VAR beside its base.

        Examples: `%compare gradient,ig,smoothgrad,gbp,gradcam,lrp img1,img2`, `%compare ig,ig64,v`.
        """

    func run(_ arguments: Arguments, in environment: inout CommandEnvironment) async throws -> (any WorkspaceValue)? {
        let methodNames = (arguments.positional("methods") ?? "").split(separator: ",").map(String.init)
        let workspace = environment.workspace
        if arguments.all("images").isEmpty, !methodNames.isEmpty, methodNames.allSatisfy({ workspace[$0] is MapValue }) {
            return try compare(methodNames.map { workspace[$0] as! MapValue }, named: methodNames)
        }
        let (images, model) = try environment.workspace.images(
            arguments.all("images"), fitting: ModelCommand.model(named: arguments.value("model"), in: environment.workspace, command: name),
            command: name)
        let makers = try MapMaker.makers(methodNames, arguments: arguments, model: model,
                                         settings: environment.workspace.settings, command: name)
        guard !makers.isEmpty else { throw WorkbenchError.missingArgument(command: name, argument: "a list of methods") }
        let targets = try TargetChoice(arguments.value("target"), model: model, command: name)
            .resolve(for: images, model: model, command: name)
        let columns: [[MapValue]] = try environment.withProgress("compare") { progress in
            try makers.enumerated().map { index, maker in
                try maker.maps(of: images, targets: targets, progress: progress.stage(index, of: makers.count))
            }
        }
        var rows: [[Panel]] = []
        for (row, image) in images.enumerated() {
            var panels = [Panel(image: try image.picture())]
            for column in columns {
                panels.append(try column[row].style.panel(for: column[row], title: nil))
            }
            rows.append(panels)
        }
        let grid = PanelGrid(rows: rows, rowLabels: images.indices.map { "\(images[$0].source) → \(model.label(targets[$0]))" },
                             columnLabels: ["input"] + makers.map(\.method.name), panelSize: 128)
        var provenance = model.provenance
        provenance["images"] = .array(images.map { .string($0.source) })
        provenance["image_sha256"] = .array(images.map { .string($0.tensor.sha256) })
        provenance["targets"] = .array(targets.map { .number(Double($0)) })
        provenance["methods"] = .object(Dictionary(uniqueKeysWithValues: makers.map {
            ($0.method.name, .object($0.method.parameters.mapValues { .string($0) }))
        }))
        provenance["version"] = .string(WorkbenchInterpreter.version)
        return FigureValue(figure: grid, title: "\(methodNames.joined(separator: ", ")) for \(images.count) image(s)",
                           provenance: provenance, isPlot: false)
    }

    /// Maps already made, one row: the first map's input, then each map over its own input.
    private func compare(_ maps: [MapValue], named names: [String]) throws -> FigureValue {
        let panels = [Panel(image: try maps[0].image.picture())]
            + (try zip(maps, names).map { map, name in try map.style.panel(for: map, title: "\(name): \(map.targetLabel)") })
        let grid = PanelGrid(rows: [panels], columnLabels: ["input"] + maps.map(\.method), panelSize: 160)
        let provenance: JSONObject = ["maps": .array(maps.map { .object($0.provenance) }), "version": .string(WorkbenchInterpreter.version)]
        return FigureValue(figure: grid, title: names.joined(separator: ", "), provenance: provenance, isPlot: false)
    }
}
