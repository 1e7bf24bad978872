import Attribution
import Imaging
import JupyterKernel
import Plotting
import Tensor

/// `%backdoor scan --method neural-cleanse`: the field's best-known detector beside the verdict.
enum NeuralCleanseScan {
    static func run(_ arguments: Arguments, model: ModelValue, in environment: inout CommandEnvironment,
                    command: String) throws -> (any WorkspaceValue)? {
        let cleanse = try configured(arguments, settings: environment.workspace.settings)
        let images = try AgnosticOptions.pixels(of: arguments.value("images")!, workspace: environment.workspace, model: model, command: command)
        let classifier = try PixelSpaceClassifier(model)
        let report = try environment.withProgress("neural cleanse") { progress in
            try cleanse.scan(classifier, images: images, progress: progress)
        }
        let suspect = report.anomalyIndices.indices.max { report.anomalyIndices[$0] < report.anomalyIndices[$1] }!
        let heading = report.target.map { "backdoor suspected: target \(model.label($0))" } ?? "no backdoor found"
        let table = Table(
            header: ["class", "mask ℓ1 norm", "attack success", "anomaly index"],
            rows: report.triggers.map { trigger in
                [model.label(trigger.target), String(format: "%.1f", trigger.maskNorm), String(format: "%.2f", trigger.attackSuccess),
                 String(format: "%.2f", report.anomalyIndices[trigger.target])]
            },
            heading: "Neural Cleanse: " + heading, highlighted: Set(report.target.map { [$0] } ?? []))
        var provenance = model.provenance
        provenance["method"] = .string("neural-cleanse")
        provenance["threshold"] = .number(report.threshold)
        provenance["held_out"] = .string("\(images.shape[0]) images, sha256 \(images.sha256)")
        provenance["parameters"] = .object(BackdoorDetector.neuralCleanse(cleanse).parameters)
        provenance["version"] = .string(WorkbenchInterpreter.version)
        environment.output.display(table.bundle(provenance: provenance), displayID: nil)

        // Every class's mask, the reverse-engineered trigger's place.
        let colormap = MapStyle.colormap(for: .absolute, preferring: environment.workspace.settings.colormap)
        let panels = try report.triggers.map { trigger -> Panel in
            let mask = try Heatmap(attribution: trigger.mask, options: HeatmapOptions(sign: .absolute))
            return Panel(image: mask.image(colormap: colormap), title: model.labels[trigger.target] + (report.target == trigger.target ? " ⚠" : ""))
        }
        let grid = PanelGrid(rows: stride(from: 0, to: panels.count, by: 5).map { Array(panels[$0..<min(panels.count, $0 + 5)]) },
                             suptitle: "Neural Cleanse masks — \(heading)", panelSize: 112)
        let data: JSONObject = [
            "backdoored": .bool(report.backdoored), "target": report.target.map { .number(Double($0)) } ?? .null,
            "suspect": .number(Double(suspect)), "anomaly": .number(report.anomalyIndices[suspect]),
            "anomaly_indices": .array(report.anomalyIndices.map { .number($0) }), "threshold": .number(report.threshold),
            "mask_norms": .array(report.triggers.map { .number($0.maskNorm) }),
            "attack_success": .array(report.triggers.map { .number(Double($0.attackSuccess)) }),
        ]
        return FigureValue(figure: grid, title: "neural cleanse of \(model.name)", data: data, provenance: provenance, isPlot: false,
                           array: try Tensor.concatenated(report.triggers.map { try $0.mask.reshaped([1] + $0.mask.shape) }, alongAxis: 0))
    }

    /// Neural Cleanse as the line sets it: `--steps`, `--batch`, `--seed` (default the session's), `--threshold`.
    static func configured(_ arguments: Arguments, settings: Settings) throws -> NeuralCleanse {
        let shared = try BackdoorDetector.SharedOptions(arguments, settings: settings)
        var cleanse = NeuralCleanse()
        cleanse.seed = shared.seed
        if let batch = shared.batch { cleanse.batchSize = batch }
        if let threshold = shared.threshold { cleanse.threshold = threshold }
        if let value = try arguments.number("steps", range: 10...100_000) { cleanse.steps = Int(value) }
        return cleanse
    }
}
