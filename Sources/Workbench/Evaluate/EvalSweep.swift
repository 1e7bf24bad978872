import Attribution
import JupyterKernel

/// `%eval METRIC METHODS --images SET`: every picture of a set mapped by every method and scored.
extension EvalCommand {
    func sweep(_ metric: String, methods names: [String], set: String, _ arguments: Arguments,
               environment: CommandEnvironment) throws -> SweepValue {
        let model = try ModelCommand.model(named: arguments.value("model"), in: environment.workspace, command: name)
        let side = model.inputShape.count == 3 ? model.inputShape[1] : 64
        let images = try SweepImages(named: set, in: environment.workspace, for: model, command: name)
        let methods = try SweepMethods(names, arguments: arguments, model: model, settings: environment.workspace.settings,
                                       includesVAR: arguments.flag("var"), command: name)
        let target = try TargetChoice(arguments.value("target") ?? (metric == "pointing" ? "label" : "top"), model: model, command: name)
        let count = min(images.count, Int(try arguments.number("n", range: 1...1e9) ?? Double(images.count)))
        let tolerance = try arguments.number("tolerance", range: 0...10_000)
        let curves = metric == "pointing" ? nil : try CurveSettings(metric, arguments)
        let loop = SweepLoop(label: "\(metric) over \(images.source)", policy: images.policy, command: name)
        let (records, skipped) = try loop.run(Array(0..<count), environment: environment) { item, progress in
            let image = try images.image(at: item, for: model, side: side)
            if metric == "pointing", image.mask == nil { throw UnreadableItem(name: image.source, reason: "it has no mask or boxes") }
            let goal = try target.resolve(for: [image], model: model, command: name)[0]
            let makers = try methods.makers(forItem: item, varClasses: .automatic(topK: 2))
            return try zip(methods.names, makers).enumerated().map { index, named in
                let map = try named.1.maps(of: [image], targets: [goal], progress: progress.stage(index, of: makers.count))[0]
                var record = SweepRecord(item: item, method: named.0, pictures: [image.source], labels: image.label.map { [$0] } ?? [],
                                         seed: ItemSeed.seed(methods.seed, item: item), scores: [], detail: ["target": .number(Double(goal))])
                if let curves {
                    let curve = try curves.curve(of: map, progress: progress)
                    record.scores = [curve.areaUnderCurve]
                    record.detail["curve"] = .array(curve.scores.map { .number($0) })
                } else {
                    let (hit, energy) = try Self.pointing(map, tolerance: tolerance)
                    record.scores = [hit ? 1 : 0, energy]
                }
                return record
            }
        }
        var provenance = model.provenance.merging(methods.provenance) { $1 }
        provenance["metric"] = .string(metric)
        provenance["images"] = .object(images.provenance)
        provenance["target"] = .string(arguments.value("target") ?? (metric == "pointing" ? "label" : "top"))
        if let curves { provenance.merge(curves.provenance) { $1 } }
        if let tolerance { provenance["tolerance"] = .number(tolerance) }
        let metrics = curves == nil
            ? [SweepMetric(name: "hit", title: "hit rate", higherIsBetter: true, range: 0...1),
               SweepMetric(name: "energy", title: "energy on the object", higherIsBetter: true, range: 0...1)]
            : [SweepMetric(name: "auc", title: "\(metric) AUC", higherIsBetter: metric == "insertion", range: 0...1)]
        let title = (metric == "pointing" ? "pointing game" : metric) + " on \(count) pictures of \(images.source)"
        let sweep = try SweepValue(title: title, figureTitle: (metric == "pointing" ? "pointing game" : "\(metric) AUC") + " per picture",
                                   metrics: metrics, methods: methods.names, records: records, skipped: skipped, comparisons: methods.comparisons,
                                   bootstrap: try SweepOptions.bootstrap(arguments, settings: environment.workspace.settings),
                                   provenance: provenance)
        sweep.displayTables(to: environment.output)
        return sweep
    }
}
