import Foundation
import JupyterKernel
import Plotting
import Tensor

/// `%predict IMAGE`: the top classes with their probabilities, as a table and a bar chart.
struct PredictCommand: Command {
    let name = "predict"
    let summary = "Classify an image: the top classes as a table and a bar chart"
    let signature = CommandSignature(
        positionals: [.init("image", help: "a workspace image")],
        options: [
            .value("top", "K", default: "5", help: "how many classes to list"),
            .value("model", "NAME", help: "the model (default the active one)"),
            .flag("raw", help: "return the logits as an array (for %save … .npy) instead of the chart"),
        ])
    let details = "Examples: `%predict img`, `logits = %predict img --raw` then `%save logits logits.npy`."

    func run(_ arguments: Arguments, in environment: inout CommandEnvironment) async throws -> (any WorkspaceValue)? {
        let (image, model) = try environment.workspace.image(
            arguments.all("image"), fitting: ModelCommand.model(named: arguments.value("model"), in: environment.workspace, command: name),
            command: name)
        let logits = try model.network.forward(image.tensor)
        var provenance = model.provenance
        provenance["image"] = .string(image.source)
        provenance["image_sha256"] = .string(image.tensor.sha256)
        if arguments.flag("raw") {
            provenance["method"] = .string("logits")
            return TensorValue(logits, description: "logits of \(image.source)", provenance: provenance)
        }
        let probabilities = try logits.softmax(alongAxis: 1).scalars
        let k = min(Int(try arguments.number("top", range: 1...10_000) ?? 5), probabilities.count)
        let ranked = probabilities.indices.sorted { probabilities[$0] > probabilities[$1] }.prefix(k)
        let rows = ranked.enumerated().map { rank, index in
            [String(rank + 1), model.label(index) + (image.label == index ? " ✓" : ""),
             String(format: "%.4f", probabilities[index]), String(format: "%.3f", logits.scalars[index])]
        }
        let table = Table(header: ["rank", "class", "probability", "logit"], rows: rows,
                          caption: image.labelName.map { "\(image.source), true class \($0)" })
        environment.output.display(table.bundle(provenance: provenance), displayID: nil)
        let chart = BarChart(bars: ranked.map { Bar(label: model.labels[$0], value: Double(probabilities[$0])) },
                             title: "\(model.name) on \(image.source)", valueLabel: "probability", valueRange: 0...1)
        let data: JSONObject = [
            "classes": .array(ranked.map { .string(model.labels[$0]) }),
            "indices": .array(ranked.map { .number(Double($0)) }),
            "probabilities": .array(ranked.map { .number(Double(probabilities[$0])) }),
        ]
        return FigureValue(figure: chart, title: "top \(k) of \(image.source)", data: data, provenance: provenance, isPlot: true,
                           array: try logits.softmax(alongAxis: 1))
    }
}
