import Attribution
import Imaging
import JupyterKernel
import Plotting
import Tensor

/// `%backdoor scan` without `--score`: the one verdict of every reading, and the evidence behind it.
enum VerdictScan {
    static func run(_ arguments: Arguments, model: ModelValue, in environment: inout CommandEnvironment,
                    command: String) throws -> (any WorkspaceValue)? {
        let verdict = try configured(arguments, settings: environment.workspace.settings)
        let images = try AgnosticOptions.pixels(of: arguments.value("images")!, workspace: environment.workspace, model: model, command: command)
        let referenceName = arguments.value("reference")
        let reference = try referenceName.map {
            try PixelSpaceClassifier(try ModelCommand.model(named: $0, in: environment.workspace, command: command))
        }
        let classifier = try PixelSpaceClassifier(model)
        let report = try environment.withProgress("backdoor scan") { progress in
            try verdict.scan(classifier, images: images, reference: reference, progress: progress)
        }

        let names = report.readings.map(\.reading.name)
        let heading = report.target.map { "backdoor suspected: target \(model.label($0))" } ?? "no backdoor found"
        let recorded = model.network.metadata["trojan_target"].flatMap(Int.init)
        let check = recorded.map { truth in " — the model card records target \(model.label(truth)): \(report.target == truth ? "found" : "missed")" } ?? ""
        let rateHeader = report.comparedWithReference ? "rate − reference's" : "rate"
        let table = Table(
            header: ["class", "score", "reading that fired", rateHeader, "anomaly index"],
            rows: report.scores.indices.map { target in
                let result = report.readings[report.firingReading[target]]
                let seen = result.classes[target]
                return [model.label(target), String(format: "%.2f", report.scores[target]), result.reading.name,
                        String(format: "%.2f", seen.rate - (seen.referenceRate ?? 0)), String(format: "%.2f", result.anomalyIndices[target])]
            },
            heading: heading + check, highlighted: Set(report.target.map { [$0] } ?? []))

        var provenance = model.provenance
        provenance["method"] = .string("backdoor-verdict")
        provenance["threshold"] = .number(report.threshold)
        provenance["held_out"] = .string("\(images.shape[0]) images, sha256 \(images.sha256)")
        provenance["parameters"] = .object(BackdoorDetector.verdict(verdict).parameters)
        if let referenceName { provenance["reference"] = .string(referenceName) }
        provenance["version"] = .string(WorkbenchInterpreter.version)
        environment.output.display(table.bundle(provenance: provenance), displayID: nil)
        let flaggedColor = RGB(red: 214, green: 39, blue: 40)
        let chart = BarChart(bars: report.scores.indices.map { Bar(label: model.labels[$0], value: report.scores[$0],
                                                                     color: $0 == report.target ? flaggedColor : nil) },
                             title: "calibrated score of every class (flagged above \(String(format: "%.2f", report.threshold)))",
                             valueLabel: "score")
        environment.output.display(try chart.bundle(plain: "<figure scores of every class>", provenance: provenance, vector: true),
                                   displayID: nil)
        let colormap = MapStyle.colormap(for: .absolute, preferring: environment.workspace.settings.colormap)
        if report.backdoored {
            environment.output.display(try triggerFigure(report, model: model, images: images, colormap: colormap)
                .bundle(plain: "<figure suspected trigger region>", provenance: provenance), displayID: nil)
        }

        // The figure kept in the workspace: what the firing reading added, for every class.
        let firing = report.readings[report.firingReading[report.suspect]]
        let panels = try firing.classes.enumerated().map { target, seen -> Panel in
            let magnitude = try Heatmap(attribution: seen.perturbation, options: HeatmapOptions(sign: .absolute))
            return Panel(image: magnitude.image(colormap: colormap), title: model.labels[target] + (report.target == target ? " ⚠" : ""))
        }
        let grid = PanelGrid(rows: stride(from: 0, to: panels.count, by: 5).map { Array(panels[$0..<min(panels.count, $0 + 5)]) },
                             suptitle: "\(firing.reading.name) of every class — \(heading)", panelSize: 112)
        var readings: JSONObject = [:]
        for result in report.readings {
            var entry: JSONObject = [
                "rates": .array(result.classes.map { .number($0.rate) }),
                "anomaly_indices": .array(result.anomalyIndices.map { .number($0) }),
                "calibrated": .array(result.calibrated.map { .number($0) }),
            ]
            if report.comparedWithReference { entry["reference_rates"] = .array(result.classes.map { .number($0.referenceRate ?? 0) }) }
            if result.reading.family == .stamp {
                entry["windows"] = .array(result.classes.map { seen in
                    seen.stamp.map { .array([$0.top, $0.left, $0.size].map { .number(Double($0)) }) } ?? .null
                })
            }
            readings[result.reading.name] = .object(entry)
        }
        var data: JSONObject = [
            "backdoored": .bool(report.backdoored), "target": report.target.map { .number(Double($0)) } ?? .null,
            "suspect": .number(Double(report.suspect)), "anomaly": .number(report.anomaly),
            "scores": .array(report.scores.map { .number($0) }), "threshold": .number(report.threshold),
            "firing_reading": .array(report.firingReading.map { .string(names[$0]) }), "readings": .object(readings),
        ]
        if let recorded { data["recorded_target"] = .number(Double(recorded)) }
        return FigureValue(figure: grid, title: "backdoor scan of \(model.name)", data: data, provenance: provenance, isPlot: false,
                           array: try Tensor.concatenated(firing.classes.map { try $0.perturbation.reshaped([1] + $0.perturbation.shape) },
                                                          alongAxis: 0))
    }

    /// The verdict as the line sets it: `--iterations` and `--batch` (of the maps and of the stamp search), `--seed`
    /// (default the session's), `--threshold`, `--readings`.
    static func configured(_ arguments: Arguments, settings: Settings) throws -> BackdoorVerdict {
        let shared = try BackdoorDetector.SharedOptions(arguments, settings: settings)
        var verdict = BackdoorVerdict()
        (verdict.seed, verdict.threshold) = (shared.seed, shared.threshold)
        // One length for every optimisation of the scan: the maps' iterations and the stamp search's steps.
        if let batch = shared.batch { (verdict.samplesPerIteration, verdict.stampSearch.batchSize) = (batch, batch) }
        if let value = try arguments.number("iterations", range: 1...100_000) { (verdict.iterations, verdict.stampSearch.steps) = (Int(value), Int(value)) }
        if let list = arguments.value("readings") {
            let names = BackdoorVerdict.Family.allCases.map(\.rawValue)
            let families = try list.split(separator: ",").map { word throws(WorkbenchError) in
                try Arguments.choose(String(word), from: names, command: "backdoor", option: "--readings")
            }
            guard !families.isEmpty else {
                throw WorkbenchError.invalidValue(command: "backdoor", option: "--readings", value: list, expected: "families among " + names.joined(separator: ", "))
            }
            verdict.readings = verdict.readings.filter { families.contains($0.family.rawValue) }
        }
        return verdict
    }

    /// The suspected trigger: what the firing reading added (or, for a stamp, pasted) for the suspected class,
    /// outlined where it sits for a patch, and a held-out image with it.
    static func triggerFigure(_ report: BackdoorVerdictReport, model: ModelValue, images: Tensor, colormap: Colormap) throws -> PanelGrid {
        let (reading, seen) = report.evidence
        let outlines = seen.window.map { [Outline(top: $0.top, left: $0.left, height: $0.size, width: $0.size)] } ?? []
        let sample = try seen.applied(to: images.gatheringBatch([1]), range: 0...1).reshaped(Array(images.shape.dropFirst()))
        let what = seen.stamp == nil
            ? Panel(image: try Heatmap(attribution: seen.perturbation, options: HeatmapOptions(sign: .absolute)).image(colormap: colormap),
                    title: "|added| for \(model.labels[report.suspect])", outlines: outlines)
            : Panel(image: try Image(tensor: seen.perturbation), title: "pasted for \(model.labels[report.suspect])", outlines: outlines)
        // The rate of other classes' images it sends to the class (beyond the reference's, with one).
        let rate = seen.rate - (seen.referenceRate ?? 0)
        let sent = Panel(image: try Image(tensor: sample), title: String(format: "with it: %.0f %% of others → %@", rate * 100, model.labels[report.suspect]), outlines: outlines)
        return PanelGrid(rows: [[what, sent]], suptitle: "suspected trigger: " + reading.name, panelSize: 180)
    }
}
