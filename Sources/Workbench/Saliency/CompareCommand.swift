import Attribution
import Plotting

/// `%compare METHODS IMAGES`: a grid of maps, images down, methods across, each method batched
/// over the images.
struct CompareCommand: Command {
    let name = "compare"
    let summary = "Maps of several methods for several images, side by side"
    let signature = CommandSignature(
        positionals: [
            .init("methods", help: "comma-separated methods: " + MethodCatalog.names.joined(separator: ",")),
            .init("images", help: "workspace images, comma- or space-separated", repeats: true),
        ],
        options: [
            .value("target", "CLASS", help: TargetChoice.help),
            .value("model", "NAME", help: "the model (default the active one)"),
        ] + MethodCatalog.options)
    let details = """
        Each map uses its method's usual display (magnitudes for gradients, signed relevance for LRP, \
        positive evidence for CAMs). Options go to every method that reads them.

        Example: `%compare gradient,ig,smoothgrad,gbp,gradcam,lrp img1,img2`.
        """

    func run(_ arguments: Arguments, in environment: inout CommandEnvironment) async throws -> (any WorkspaceValue)? {
        let model = try ModelCommand.model(named: arguments.value("model"), in: environment.workspace, command: name)
        let methodNames = (arguments.positional("methods") ?? "").split(separator: ",").map(String.init)
        let makers = try methodNames.map { try MapMaker($0, arguments: arguments, model: model, settings: environment.workspace.settings, command: name) }
        guard !makers.isEmpty else { throw WorkbenchError.missingArgument(command: name, argument: "a list of methods") }
        let images = try environment.workspace.images(arguments.all("images"), for: model, command: name)
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
}
