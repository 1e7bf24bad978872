import Evaluation
import JupyterKernel
import Plotting
import Tensor

/// `%eval deletion|insertion|pointing MAPS`: faithfulness curves and localisation of maps.
struct EvalCommand: Command {
    let name = "eval"
    let summary = "Score maps: deletion or insertion curves (AUC), pointing game on the object mask"
    let signature = CommandSignature(
        positionals: [
            .init("metric", help: "deletion, insertion or pointing"),
            .init("maps", help: "workspace maps, comma- or space-separated", repeats: true),
        ],
        options: [
            .value("substitute", "WHAT", default: "black", help: "deletion/insertion: what replaces pixels: black or blur"),
            .value("steps", "N", default: "100", help: "deletion/insertion: points on the curve"),
            .value("tolerance", "PIXELS", help: "pointing: how far from the object the maximum may lie (default 15 px at 224², scaled)"),
        ])
    let details = """
        **deletion** removes pixels from the most to the least attributed and follows the target's \
        probability: a faithful map makes it fall fast (low AUC is good). **insertion** reveals \
        pixels on a blurred or black image in the same order (high AUC is good). Both after Petsiuk \
        et al. (RISE, BMVC 2018). **pointing** (Zhang et al. 2016) asks whether the map's maximum \
        lies on the object, and how much positive attribution falls on it; it needs an image with \
        a known mask, such as the shapes scenes.

        Example: `%eval deletion ig,gbp,cam`.
        """

    func run(_ arguments: Arguments, in environment: inout CommandEnvironment) async throws -> (any WorkspaceValue)? {
        let metric = try arguments.choice("metric", from: ["deletion", "insertion", "pointing"]) ?? "deletion"
        let maps = try arguments.all("maps").flatMap { $0.split(separator: ",").map(String.init) }.map {
            try environment.workspace.typed($0, as: MapValue.self, command: name, expected: "a map (make one with %saliency)")
        }
        guard !maps.isEmpty else { throw WorkbenchError.missingArgument(command: name, argument: "a map") }
        var provenance: JSONObject = ["metric": .string(metric), "maps": .array(maps.map { .object($0.provenance) }),
                                      "version": .string(WorkbenchInterpreter.version)]
        if metric == "pointing" {
            let tolerance = try arguments.number("tolerance", range: 0...10_000)
            return try pointing(maps, tolerance: tolerance, provenance: provenance, output: environment.output)
        }
        let kind = PerturbationCurve.Kind(rawValue: metric)!
        let substitute: PerturbationCurve.Substitute =
            try arguments.choice("substitute", from: ["black", "blur"]) == "blur" ? .blur(sigma: 5) : .black
        let steps = Int(try arguments.number("steps", range: 2...10_000) ?? 100)
        provenance["substitute"] = .string(arguments.value("substitute") ?? "black")
        provenance["steps"] = .number(Double(steps))
        let curves = try environment.withProgress(metric) { progress in
            try maps.enumerated().map { index, map in
                let pixels = map.image.tensor.shape[2] * map.image.tensor.shape[3]
                let curve = try PerturbationCurve.measure(kind, image: map.image.tensor, map: map.attribution, substitute: substitute,
                                                          pixelsPerStep: max(1, (pixels + steps - 1) / steps)) { batch in
                    try progress.checkCancellation()
                    let probabilities = try map.model.network.forward(batch, chunkSize: 32).softmax(alongAxis: 1)
                    let classes = probabilities.shape[1]
                    return (0..<batch.shape[0]).map { probabilities.scalars[$0 * classes + map.target] }
                }
                progress.report(Double(index + 1) / Double(maps.count), map.method)
                return curve
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
            guard let mask = map.image.mask else {
                throw WorkbenchError.failed(command: name, reason: "\(map.image.source) has no object mask; the pointing game needs one (use %data shapes)")
            }
            let side = Double(max(map.image.tensor.shape[2], map.image.tensor.shape[3]))
            let pixels = tolerance ?? 15 * side / 224
            provenance["tolerance"] = .number(pixels)
            let hit = try PointingGame.hit(map: map.attribution, mask: mask, tolerance: pixels)
            let energy = try PointingGame.energy(map: map.attribution, mask: mask)
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
}
