import Attribution
import Imaging
import JupyterKernel
import Plotting
import Tensor

/// `%agnostic CLASS`: what the model takes for a class regardless of the input (Akhtar & Jalwana 2023).
struct AgnosticCommand: Command {
    let name = "agnostic"
    let summary = "Input-agnostic saliency map of a class: the perturbation that pulls any input into it"
    let signature = CommandSignature(
        positionals: [.init("class", help: "a class index or name")],
        options: [.value("model", "NAME", help: "the model (default the active one)")] + AgnosticOptions.options)
    let details = """
        Akhtar & Jalwana (AAAI 2023): a perturbation ρ, bounded in norm, is optimised so that random \
        inputs plus ρ are classified as the class. ρ shows what the model itself associates with the \
        class, independent of any image; its fooling rate (the share of held-out random inputs it \
        sends to the class) says how faithful it is. `%explain agnostic` gives the formula.

        Example: `m = %agnostic star --iterations 100`.
        """

    func run(_ arguments: Arguments, in environment: inout CommandEnvironment) async throws -> (any WorkspaceValue)? {
        let model = try ModelCommand.model(named: arguments.value("model"), in: environment.workspace, command: name)
        let target = try model.classIndex(arguments.positional("class") ?? "", command: name, option: "class")
        let parameters = try AgnosticOptions.parameters(arguments, workspace: environment.workspace, model: model, command: name)
        let colormap = environment.workspace.settings.colormap
        return try environment.withProgress("agnostic \(model.labels[target])") { progress in
            try Self.map(of: target, model: model, parameters: parameters, colormap: colormap, progress: progress)
        }
    }

    /// The map of one class as a figure (ρ and |ρ| with the fooling rates), its perturbation as the array.
    static func map(of target: Int, model: ModelValue, parameters: InputAgnosticParameters, colormap preferred: Colormap?,
                    progress: Attribution.Progress) throws -> FigureValue {
        let classifier = try PixelSpaceClassifier(model)
        let map = try InputAgnosticSaliency(parameters: parameters).map(of: target, model: classifier, progress: progress)
        let picture = try Image(tensor: map.image)
        let magnitude = try Heatmap(attribution: map.perturbation, options: HeatmapOptions(sign: .absolute))
        let colormap = MapStyle.colormap(for: .absolute, preferring: preferred)
        let grid = PanelGrid(rows: [[Panel(image: picture, title: "ρ"),
                                     Panel(image: magnitude.image(colormap: colormap), title: "|ρ|",
                                           colorbar: Colorbar(for: magnitude, colormap: colormap))]],
                             suptitle: String(format: "%@ → %@: fooling rate %.2f (%.2f without ρ)", model.name, model.label(target),
                                              map.fidelity, map.baselineFoolingRate), panelSize: 192)
        var provenance = model.provenance
        provenance["method"] = .string("agnostic")
        provenance["target"] = .number(Double(target))
        provenance["parameters"] = .object(AgnosticOptions.record(map.parameters).mapValues { .string($0) })
        provenance["perturbation_sha256"] = .string(map.perturbation.sha256)
        provenance["version"] = .string(WorkbenchInterpreter.version)
        let data: JSONObject = ["fooling_rate": .number(Double(map.fidelity)), "baseline_fooling_rate": .number(Double(map.baselineFoolingRate)),
                                "raw_fooling_rate": .number(Double(map.rawFidelity)), "refinement_accepted": .bool(map.refinementAccepted)]
        return FigureValue(figure: grid, title: "input-agnostic map of \(model.label(target))", data: data, provenance: provenance, isPlot: false,
                           array: map.perturbation)
    }
}
