import Attribution
import Evaluation
import JupyterKernel
import Plotting
import Tensor

/// `%eval deletion|insertion|pointing MAPS`: faithfulness curves and localisation of maps; with
/// `--images SET`, of methods over every picture of a set.
struct EvalCommand: Command {
    let name = "eval"
    let summary = "Score maps, or methods over a set: deletion or insertion curves (AUC), pointing game on masks or boxes"
    let signature = CommandSignature(
        positionals: [
            .init("metric", help: "deletion, insertion or pointing"),
            .init("maps", help: "workspace maps, comma- or space-separated; with --images, methods", repeats: true),
        ],
        options: [
            .value("substitute", "WHAT", default: "black", help: "deletion/insertion: what replaces pixels: black or blur"),
            .value("points", "N", default: "100", help: "deletion/insertion: points on the curve"),
            .value("tolerance", "PIXELS", help: "pointing: how far from the object the maximum may lie (default 15 px at 224², scaled)"),
            .value("images", "SET", help: "score methods over this labelled set (%data folder, %data shapes --count)"),
            .flag("var", help: "with --images: also score each method's VAR map"),
            .value("n", "N", help: "with --images: only the first N pictures"),
            .value("target", "CLASS", help: "with --images: " + TargetChoice.help + "; default label for pointing, top for the curves"),
            .value("model", "NAME", help: "with --images: the model (default the active one)"),
        ] + SweepOptions.options + MethodCatalog.options)
    let details = """
        **deletion** removes pixels from the most to the least attributed and follows the target's \
        probability: a faithful map makes it fall fast (low AUC is good). **insertion** reveals \
        pixels on a blurred or black image in the same order (high AUC is good). Both after Petsiuk \
        et al. (RISE, BMVC 2018). **pointing** (Zhang et al. 2016) asks whether the map's maximum \
        lies on the object, and how much positive attribution falls on it; it needs an image with \
        a known mask, such as the shapes scenes, or a set whose pictures have masks or boxes.

        With `--images SET` the words after the metric are methods, mapped on every picture of the set \
        (or the first `--n`) and scored: the hit rate and the energy on the object, or the AUC. The \
        target is the picture's class for pointing (Zhang et al.) and the predicted one for the curves \
        (Petsiuk et al.), unless `--target` says otherwise. A picture without a mask or boxes, or one \
        that cannot be read, is skipped or stops the sweep as the set's `--on-error` says.

        \(SweepOptions.help)

        Examples: `%eval deletion ig,gbp,cam`, `%eval pointing gradient,gradcam --images photos --var`.
        """

    func run(_ arguments: Arguments, in environment: inout CommandEnvironment) async throws -> (any WorkspaceValue)? {
        let metric = try arguments.choice("metric", from: ["deletion", "insertion", "pointing"]) ?? "deletion"
        let words = arguments.all("maps").flatMap { $0.split(separator: ",").map(String.init) }
        guard !words.isEmpty else { throw WorkbenchError.missingArgument(command: name, argument: arguments.value("images") == nil ? "a map" : "a method") }
        if let set = arguments.value("images") { return try sweep(metric, methods: words, set: set, arguments, environment: environment) }
        if let option = (["var", "n", "target", "model", "resamples", "interval", "level"] + MethodCatalog.options.map(\.name)).first(where: arguments.given) {
            throw WorkbenchError.invalidValue(command: name, option: "--\(option)", value: words.joined(separator: ","),
                                              expected: "--images SET first: it is an option of scoring methods over a set, not of scoring maps")
        }
        let maps = try words.map {
            try environment.workspace.typed($0, as: MapValue.self, command: name, expected: "a map (make one with %saliency)")
        }
        var provenance: JSONObject = ["metric": .string(metric), "maps": .array(maps.map { .object($0.provenance) }),
                                      "version": .string(WorkbenchInterpreter.version)]
        if metric == "pointing" {
            let tolerance = try arguments.number("tolerance", range: 0...10_000)
            return try pointing(maps, tolerance: tolerance, provenance: provenance, output: environment.output)
        }
        let curveSettings = try CurveSettings(metric, arguments)
        provenance.merge(curveSettings.provenance) { $1 }
        let curves = try environment.withProgress(metric) { progress in
            try maps.enumerated().map { index, map in
                defer { progress.report(Double(index + 1) / Double(maps.count), map.method) }
                return try curveSettings.curve(of: map, progress: progress)
            }
        }
        let series = try zip(maps, curves).map { map, curve in
            try Series(name: String(format: "%@ (AUC %.3f)", map.method, curve.areaUnderCurve), x: curve.fractions, y: curve.scores)
        }
        let plot = LinePlot(series: series, title: "\(metric) curves", xLabel: "fraction of pixels \(metric == "deletion" ? "removed" : "revealed")",
                            yLabel: "probability of the target", xRange: 0...1, yRange: 0...1)
        let data: JSONObject = [
            "auc": .object(Dictionary(zip(maps, curves).map { ($0.method, .number($1.areaUnderCurve)) }) { first, _ in first }),
            "curves": .array(zip(maps, curves).map { map, curve in
                .object(["method": .string(map.method), "fractions": .array(curve.fractions.map { .number($0) }),
                         "scores": .array(curve.scores.map { .number($0) })])
            }),
        ]
        return FigureValue(figure: plot, title: "\(metric) of " + maps.map(\.method).joined(separator: ", "), data: data,
                           provenance: provenance, isPlot: true, array: FigureValue.matrix(curves.map(\.scores)))
    }

    /// `tolerance` in pixels; without it, Zhang et al.'s 15 pixels at 224², scaled to the image.
    private func pointing(_ maps: [MapValue], tolerance: Double?, provenance: JSONObject, output: any ExecutionContext) throws -> FigureValue {
        var provenance = provenance
        var rows: [[String]] = []
        var bars: [Bar] = []
        var results: [JSONValue] = []
        var numbers: [[Double]] = []
        for map in maps {
            guard map.image.mask != nil else {
                throw WorkbenchError.failed(command: name, reason: "\(map.image.source) has no object mask; the pointing game needs one (use %data shapes)")
            }
            provenance["tolerance"] = .number(Self.tolerance(tolerance, for: map.image))
            let (hit, energy) = try Self.pointing(map, tolerance: tolerance)
            rows.append(["\(map.method) · \(map.image.source)", hit ? "✓ hit" : "✗ miss", String(format: "%.3f", energy)])
            bars.append(Bar(label: "\(map.method)", value: energy))
            results.append(.object(["method": .string(map.method), "image": .string(map.image.source), "hit": .bool(hit), "energy": .number(energy)]))
            numbers.append([hit ? 1 : 0, energy])
        }
        output.display(Table(header: ["map", "hit", "energy on the object"], rows: rows).bundle(provenance: provenance), displayID: nil)
        return FigureValue(figure: BarChart(bars: bars, title: "energy on the object", valueLabel: "share of positive attribution", valueRange: 0...1),
                           title: "pointing game", data: ["results": .array(results)], provenance: provenance, isPlot: true,
                           array: FigureValue.matrix(numbers))
    }

    static func tolerance(_ given: Double?, for image: ImageValue) -> Double {
        given ?? 15 * Double(max(image.tensor.shape[2], image.tensor.shape[3])) / 224
    }

    /// Whether the map's maximum hits its image's object, and the share of positive attribution on it.
    static func pointing(_ map: MapValue, tolerance: Double?) throws -> (hit: Bool, energy: Double) {
        guard let mask = map.image.mask else { throw UnreadableItem(name: map.image.source, reason: "it has no mask or boxes") }
        return (try PointingGame.hit(map: map.attribution, mask: mask, tolerance: Self.tolerance(tolerance, for: map.image)),
                try PointingGame.energy(map: map.attribution, mask: mask))
    }
}

/// How deletion and insertion curves are measured: the substitute for removed pixels and the points on the curve.
struct CurveSettings {
    let kind: PerturbationCurve.Kind
    let substitute: PerturbationCurve.Substitute
    let substituteName: String
    let points: Int

    init(_ metric: String, _ arguments: Arguments) throws {
        kind = PerturbationCurve.Kind(rawValue: metric)!
        substituteName = try arguments.choice("substitute", from: ["black", "blur"]) ?? "black"
        substitute = substituteName == "blur" ? .blur(sigma: 5) : .black
        points = Int(try arguments.number("points", range: 2...10_000) ?? 100)
    }

    var provenance: JSONObject { ["substitute": .string(substituteName), "points": .number(Double(points))] }

    func curve(of map: MapValue, progress: Attribution.Progress) throws -> PerturbationCurve {
        let pixels = map.image.tensor.shape[2] * map.image.tensor.shape[3]
        return try PerturbationCurve.measure(kind, image: map.image.tensor, map: map.attribution, substitute: substitute,
                                             pixelsPerStep: max(1, (pixels + points - 1) / points)) { batch in
            try progress.checkCancellation()
            let probabilities = try map.model.network.forward(batch, chunkSize: 32).softmax(alongAxis: 1)
            let classes = probabilities.shape[1]
            return (0..<batch.shape[0]).map { probabilities.scalars[$0 * classes + map.target] }
        }
    }
}
