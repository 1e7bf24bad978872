import ArgumentParser
import Foundation
import ONNX
import Tensor
import Zoo

/// `saliency-kernel train --recipe NAME`: trains one of the embedded models from its recipe and
/// writes it as ONNX, its model card in the file's metadata.
struct Train: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train an embedded model from its recipe and write it as ONNX.",
        discussion: "Recipes: " + Recipe.all.map(\.name).joined(separator: ", "))

    @Option(help: "The recipe to follow.")
    var recipe: String

    @Option(help: ArgumentHelp("Where to write NAME.onnx (default: SALIENCY_MODELS, else ./models).",
                               discussion: "A recipe that starts from another model reads it from SALIENCY_MODELS first, then from the binary."))
    var output: String?

    @Option(help: "Override the recipe's epochs (for experiments; the shipped models follow their recipe).")
    var epochs: Int?

    @Option(help: "Override the recipe's learning rate.")
    var learningRate: Float?

    @Option(help: "Override the recipe's batch size.")
    var batchSize: Int?

    @Option(help: "Override the recipe's scenes per epoch.")
    var scenesPerEpoch: Int?

    /// Written at once, not buffered, so a redirected log shows each epoch as it ends.
    private func log(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    func run() async throws {
        HeapTuning.keepLargeBuffersInHeap()
        var recipe = try Recipe.named(self.recipe)
        recipe.epochs = epochs ?? recipe.epochs
        recipe.learningRate = learningRate ?? recipe.learningRate
        recipe.batchSize = batchSize ?? recipe.batchSize
        recipe.scenesPerEpoch = scenesPerEpoch ?? recipe.scenesPerEpoch
        let started = Date()
        let network = try Trainer(recipe: recipe).train { line in log(line) }
        let folder = output.map { URL(fileURLWithPath: $0, isDirectory: true) }
            ?? ModelZoo.overrideDirectory ?? URL(fileURLWithPath: "models", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent("\(recipe.name).onnx")
        try ONNXModel.write(network, to: url)
        log(String(format: "trained %@ in %.0f s", recipe.name, Date().timeIntervalSince(started)))
        for (key, value) in network.metadata.sorted(by: { $0.key < $1.key }) { log("  \(key): \(value)") }
        log("wrote \(url.path)")
    }
}
