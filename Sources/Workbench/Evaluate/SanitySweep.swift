import Attribution
import Evaluation
import JupyterKernel

/// `%sanity METHODS --images SET`: the randomization sanity check of every method on every picture of a set.
extension SanityCommand {
    func sweep(set: String, _ arguments: Arguments, environment: CommandEnvironment) throws -> SweepValue {
        let model = try ModelCommand.model(named: arguments.value("model"), in: environment.workspace, command: name)
        let side = model.inputShape.count == 3 ? model.inputShape[1] : 64
        let images = try SweepImages(named: set, in: environment.workspace, for: model, command: name)
        let methods = try SweepMethods((arguments.positional("method") ?? "").split(separator: ",").map(String.init), arguments: arguments,
                                       model: model, settings: environment.workspace.settings, includesVAR: arguments.flag("var"), command: name)
        let target = try TargetChoice(arguments.value("target"), model: model, command: name)
        let layers = ModelRandomization.learnedLayers(of: model.network)
        guard !layers.isEmpty else { throw WorkbenchError.failed(command: name, reason: "\(model.name) has no learned layers to randomize") }
        let seed = UInt64(try arguments.number("randomization-seed", range: 0...9e15) ?? 0)
        let cascading = !arguments.flag("independent")
        let count = min(images.count, Int(try arguments.number("n", range: 1...1e9) ?? Double(images.count)))
        let loop = SweepLoop(label: "sanity over \(images.source)", policy: images.policy, command: name)
        let (records, skipped) = try loop.run(Array(0..<count), environment: environment) { item, progress in
            let image = try images.image(at: item, for: model, side: side)
            let goal = try target.resolve(for: [image], model: model, command: name)[0]
            // VAR's competitors are the trained model's, kept while its layers are randomized (the VAR paper, section 5).
            let competitors = try VAR(Saliency(), classes: .automatic(topK: 2))
                .competingClasses(image.tensor, targets: [goal], model: model.network)[0].classes
            let makers = try methods.makers(forItem: item, varClasses: .given(competitors))
            let steps = layers.count + 1
            let originals = try makers.enumerated().map { index, maker in
                try maker.maps(of: [image], targets: [goal], progress: progress.stage(index, of: makers.count * steps))[0].attribution
            }
            var similarities = [[(spearman: Double, ssim: Double, hog: Double)]](repeating: [], count: makers.count)
            var changed = model
            for (position, layer) in layers.enumerated() {
                try progress.checkCancellation()
                changed.network = try ModelRandomization.randomizing(layer, position: cascading ? position : 0,
                                                                     of: cascading ? changed.network : model.network, seed: seed)
                for (index, maker) in makers.enumerated() {
                    let map = try maker.replacing(model: changed).maps(of: [image], targets: [goal],
                                                                       progress: progress.stage((position + 1) * makers.count + index,
                                                                                                of: makers.count * steps))[0]
                    similarities[index].append(try ModelRandomization.similarity(originals[index], map.attribution))
                }
            }
            return zip(methods.names, similarities).map { method, steps in
                SweepRecord(item: item, method: method, pictures: [image.source], labels: image.label.map { [$0] } ?? [],
                            seed: ItemSeed.seed(methods.seed, item: item),
                            scores: [steps.last!.spearman, steps.last!.ssim, steps.last!.hog],
                            detail: ["target": .number(Double(goal)), "spearman": .array(steps.map { .number($0.spearman) }),
                                     "ssim": .array(steps.map { .number($0.ssim) }), "hog": .array(steps.map { .number($0.hog) })])
            }
        }
        var provenance = model.provenance.merging(methods.provenance) { $1 }
        provenance["images"] = .object(images.provenance)
        provenance["randomization"] = .string(cascading ? "cascading" : "independent")
        provenance["randomization_seed"] = .number(Double(seed))
        provenance["layers"] = .array(layers.map { .string($0) })
        provenance["target"] = .string(arguments.value("target") ?? "top")
        let metrics = [("spearman", "Spearman (abs)"), ("ssim", "SSIM"), ("hog", "HOG")].map {
            SweepMetric(name: $0.0, title: $0.1, higherIsBetter: false, range: -1...1)
        }
        let what = cascading ? "every learned layer randomized" : "\(layers.last!) randomized alone"
        let sweep = try SweepValue(title: "similarity to the original map, \(what), on \(count) pictures of \(images.source)",
                                   figureTitle: "similarity to the original map per picture", metrics: metrics, methods: methods.names,
                                   records: records, skipped: skipped,
                                   comparisons: methods.comparisons,
                                   bootstrap: try SweepOptions.bootstrap(arguments, settings: environment.workspace.settings),
                                   provenance: provenance)
        sweep.displayTables(to: environment.output)
        return sweep
    }
}
