import Attribution
import Imaging
import JupyterKernel
import Plotting
import Tensor

/// `%backdoor scan`: the verdict of the input-agnostic maps' readings, Neural Cleanse, or one reading alone.
struct BackdoorCommand: Command {
    let name = "backdoor"
    let summary = "Scan a model for a backdoor: readings of every class's input-agnostic maps, one calibrated verdict"
    let signature = CommandSignature(
        positionals: [.init("action", help: "scan")],
        options: [
            .value("model", "NAME", help: "the model (default the active one)"),
            .value("models", "FOLDER", help: "scan every model of a zoo instead: FOLDER/*.onnx and FOLDER/*/model.onnx, one verdict each"),
            .value("score", "NAME", help: "one reading alone instead of the verdict: " + BackdoorScan.Score.allCases.map(\.rawValue).joined(separator: ", ")),
            .value("images", "NAMES", help: "clean held-out images or sets (needed by the verdict and neural-cleanse; --score falls back to random samples)"),
            .value("threshold", "A", help: "flag a class above this: the verdict's calibrated score (default calibrated), an anomaly index otherwise (default 2)"),
            .value("fraction", "F", help: "the fooling-rate score scales each map by this (default 0.25)"),
            .value("baseline", "SCAN", help: "a scan of the clean original with the same settings: score each class by how far it rises above it"),
            .value("method", "NAME", help: "verdict (default): every reading, one calibrated score; neural-cleanse: the baseline of Wang et al."),
            .value("reference", "MODEL", help: "a clean model of the same kind: the verdict scores how much more often each reading fools the model than it"),
            .value("steps", "N", help: "neural-cleanse: optimisation steps per class (default 300)"),
            .value("readings", "FAMILIES", help: "the verdict's readings of these families only, comma-separated: "
                   + BackdoorVerdict.Family.allCases.map(\.rawValue).joined(separator: ", ") + " (default all)"),
        ] + AgnosticOptions.options)
    let details = """
        A trojaned model has a shortcut into its target class from anywhere: a small trigger. The scan \
        maps every class three ways (from noise, from half of the --images, and as a universal \
        perturbation bounded per pixel), cuts the noise and image maps to their strongest window at two \
        sizes and three strengths, and measures how often each perturbation sends the other half of the \
        images to the class; the stamp reading pastes a small optimised patch (an eighth of the side) at the \
        corners and the centre, as a BadNets trigger is pasted, and measures the same. \
        Each reading becomes a median-absolute-deviation anomaly index over the \
        classes, divided by what clean models of the trojan benchmark reach; a class's score \
        is its largest calibrated index, and the model is flagged when one exceeds the threshold. The \
        table names the reading that fired for every class; the figure shows what it added and where. \
        `--reference CLEAN` (a clean model of the same kind) scores how much more often each perturbation \
        fools the model than the reference; `--readings stamp,universal` keeps those families' readings only \
        (each keeps its calibration, so the threshold still holds). `%explain backdoor` says what the scan cannot find. When the \
        model file records its trojan (the embedded trojans do), the verdict is checked against it.

        `--method neural-cleanse` runs Neural Cleanse (Wang et al., S&P 2019) instead: the smallest mask and \
        pattern that send the images to each class, and the MAD index of the masks' norms (`--steps`).

        `--score NAME` runs one reading alone, as the scan did before the verdict: `patch-fooling-rate`, \
        `concentration`, `fooling-rate` (the whole map scaled by `--fraction`) or `required-norm`; with \
        `--baseline SCAN` (a scan of the clean original with the same settings) it scores how far each class \
        rises above it. Universal perturbations from real images find blends: `--from SET --norm infinity \
        --bound 0.04 --moments --score fooling-rate --fraction 1`.

        `--models FOLDER/` scans every model of a zoo, one verdict each, as a sweep: the models are \
        `FOLDER/NAME.onnx` and, in the TrojAI layout of a folder per model, `FOLDER/ID/model.onnx`, \
        numbered in the order of their paths. The table shows model × verdict, target, score and the \
        reading that fired, under how many were flagged; a model that fails to load or to scan (a \
        corrupt file, a size the --images do not fit) shows its error in its place and the scan goes on. \
        Every model is scanned with the same seed, so its numbers are what `--model` gives it alone. \
        `saliency-kernel run --shard I/N` scans only shard I's models and `saliency-kernel merge` joins \
        them into one machine's table; `%save` writes `.jsonl` (a line per model), `.csv`, `.json`, \
        `.png`/`.svg` (every model's score). The seconds each model took go to stderr, not the files.

        Examples: `scenes = %data shapes --count 200` then `%backdoor scan --model trojan --images scenes`; \
        `zoo = %backdoor scan --models round1/ --images scenes` then `%save zoo zoo.jsonl`.
        """

    func run(_ arguments: Arguments, in environment: inout CommandEnvironment) async throws -> (any WorkspaceValue)? {
        _ = try arguments.choice("action", from: ["scan"])
        let method = try arguments.choice("method", from: ["verdict", "neural-cleanse"]) ?? "verdict"
        let single = arguments.value("score") != nil || arguments.value("baseline") != nil
        if arguments.value("models") != nil, arguments.value("model") != nil || single {
            throw WorkbenchError.failed(command: name, reason: "--models scans a folder with the verdict or neural-cleanse: "
                                        + "leave out --model, --score and --baseline")
        }
        if method == "neural-cleanse" || !single, arguments.value("images") == nil {
            throw WorkbenchError.failed(command: name, reason: "the scan needs held-out clean images: --images SET "
                                        + "(`scenes = %data shapes --count 200`); on random samples a small model answers mostly one class")
        }
        if let folder = arguments.value("models") {
            return try ZooScan.run(arguments, folder: folder, method: method, in: environment, command: name)
        }
        let model = try ModelCommand.model(named: arguments.value("model"), in: environment.workspace, command: name)
        if method == "neural-cleanse" { return try NeuralCleanseScan.run(arguments, model: model, in: &environment, command: name) }
        if !single { return try VerdictScan.run(arguments, model: model, in: &environment, command: name) }
        return try singleReading(arguments, model: model, in: &environment)
    }

    /// One reading alone (`--score`, `--baseline`): the scan as it was before the verdict.
    private func singleReading(_ arguments: Arguments, model: ModelValue, in environment: inout CommandEnvironment) throws -> (any WorkspaceValue)? {
        var scan = BackdoorScan(maps: try AgnosticOptions.parameters(arguments, workspace: environment.workspace, model: model, command: name))
        if let score = try arguments.choice("score", from: BackdoorScan.Score.allCases.map(\.rawValue)) {
            scan.score = BackdoorScan.Score(rawValue: score)!
        }
        if let threshold = try arguments.number("threshold", range: 0...100) { scan.threshold = threshold }
        if let fraction = try arguments.number("fraction", range: 1e-3...100) { scan.smallBoundFraction = Float(fraction) }
        if let names = arguments.value("images") {
            scan.images = try AgnosticOptions.pixels(of: names, workspace: environment.workspace, model: model, command: name)
        }
        let classifier = try PixelSpaceClassifier(model)
        let parameters = JSONValue.object(AgnosticOptions.record(scan.maps.resolved(for: classifier.inputShape)).mapValues { .string($0) })
        let heldOut = JSONValue.string(scan.images.map { "\($0.shape[0]) images, sha256 \($0.sha256)" } ?? "random samples")
        let baselineName = arguments.value("baseline")
        if let baseline = baselineName {
            scan.baseline = try ScanBaseline.scores(named: baseline, score: scan.score, parameters: parameters, heldOut: heldOut,
                                                    workspace: environment.workspace, command: name)
        }
        let report = try environment.withProgress("backdoor scan") { progress in try scan.scan(classifier, progress: progress) }

        let verdict = report.target.map { "backdoor suspected: target \(model.label($0))" } ?? "no backdoor found"
        let recorded = model.network.metadata["trojan_target"].flatMap(Int.init)
        let check = recorded.map { truth in " — the model card records target \(model.label(truth)): \(report.target == truth ? "found" : "missed")" } ?? ""
        let scoreLabel = report.score.rawValue + (report.baseline == nil ? "" : " above the baseline")
        let verdictTable = Table(
            header: ["class", scoreLabel, "anomaly index"],
            rows: report.scores.indices.map {
                [model.label($0), String(format: "%.3f", report.scores[$0]), String(format: "%.2f", report.anomalyIndices[$0])]
            },
            heading: verdict + check, highlighted: Set(report.target.map { [$0] } ?? []))

        let colormap = MapStyle.colormap(for: .absolute, preferring: environment.workspace.settings.colormap)
        let panels = try report.maps.map { map -> Panel in
            let magnitude = try Heatmap(attribution: map.perturbation, options: HeatmapOptions(sign: .absolute))
            return Panel(image: magnitude.image(colormap: colormap), title: model.labels[map.target] + (report.target == map.target ? " ⚠" : ""))
        }
        let columns = 5
        let rowsOfPanels = stride(from: 0, to: panels.count, by: columns).map { Array(panels[$0..<min(panels.count, $0 + columns)]) }
        let grid = PanelGrid(rows: rowsOfPanels, suptitle: "|ρ| of every class — \(verdict)", panelSize: 112)
        var provenance = model.provenance
        provenance["method"] = .string("backdoor-scan")
        provenance["score"] = .string(report.score.rawValue)
        provenance["threshold"] = .number(report.threshold)
        provenance["held_out"] = heldOut
        provenance["parameters"] = parameters
        if let baselineName { provenance["baseline"] = .string(baselineName) }
        provenance["version"] = .string(WorkbenchInterpreter.version)
        environment.output.display(verdictTable.bundle(provenance: provenance), displayID: nil)
        environment.output.display(try scoreChart(report, label: scoreLabel, model: model).bundle(plain: "<figure scores of every class>",
                                                                               provenance: provenance, vector: true), displayID: nil)
        if let trigger = try triggerFigure(report, model: model, images: scan.images, colormap: colormap) {
            environment.output.display(try trigger.bundle(plain: "<figure suspected trigger region>", provenance: provenance), displayID: nil)
        }
        var data: JSONObject = [
            "backdoored": .bool(report.backdoored), "target": report.target.map { .number(Double($0)) } ?? .null,
            "scores": .array(report.scores.map { .number($0) }), "anomaly_indices": .array(report.anomalyIndices.map { .number($0) }),
            "threshold": .number(report.threshold), "score": .string(report.score.rawValue), "parameters": parameters,
            // Every candidate score of every class, so that another rule can be judged on the same maps.
            "all_scores": .object(Dictionary(uniqueKeysWithValues: BackdoorScan.Score.allCases.map { score in
                (score.rawValue, JSONValue.array(report.allScores.values(of: score).map { .number($0) }))
            })),
        ]
        if let recorded { data["recorded_target"] = .number(Double(recorded)) }
        if let baseline = report.baseline { data["baseline"] = .array(baseline.map { .number($0) }) }
        return FigureValue(figure: grid, title: "backdoor scan of \(model.name)", data: data, provenance: provenance, isPlot: false,
                           array: try Tensor.concatenated(report.maps.map { try $0.perturbation.reshaped([1] + $0.perturbation.shape) }, alongAxis: 0))
    }

    /// The deciding score of every class as bars, the flagged class's in red.
    private func scoreChart(_ report: BackdoorReport, label: String, model: ModelValue) -> BarChart {
        let flagged = RGB(red: 214, green: 39, blue: 40)
        let bars = report.scores.indices.map { index in
            Bar(label: model.labels[index], value: report.scores[index], color: index == report.target ? flagged : nil)
        }
        return BarChart(bars: bars, title: "\(label) of every class", valueLabel: label)
    }

    /// Where the suspected target's map concentrates, outlined on the first held-out image (when the
    /// scan had images) and on the map itself.
    private func triggerFigure(_ report: BackdoorReport, model: ModelValue, images: Tensor?, colormap: Colormap) throws -> PanelGrid? {
        guard let target = report.target, let region = report.triggerRegion else { return nil }
        let outline = Outline(top: region.top, left: region.left, height: region.size, width: region.size)
        let map = report.maps[target].perturbation
        let magnitude = try Heatmap(attribution: map, options: HeatmapOptions(sign: .absolute))
        var panels = [Panel(image: magnitude.image(colormap: colormap), title: "|ρ| of \(model.labels[target])", outlines: [outline])]
        if let images {
            let sample = try images.gatheringBatch([0]).reshaped(Array(images.shape.dropFirst()))
            panels.insert(Panel(image: try Image(tensor: sample), title: "a held-out image", outlines: [outline]), at: 0)
        }
        return PanelGrid(rows: [panels], suptitle: String(format: "suspected trigger (%.0f %% of |ρ|)", region.share * 100), panelSize: 160)
    }
}
