import Datasets
import Foundation
import Networks
import Tensor

/// Trains a recipe's model on freshly generated scenes and measures what the model card records.
public struct Trainer: Sendable {
    public var recipe: Recipe
    public var dataset = ShapesDataset()

    public init(recipe: Recipe) {
        self.recipe = recipe
    }

    /// The trained network, its metadata filled in. `log` receives one line per epoch.
    public func train(log: (String) -> Void = { _ in }) throws -> Network {
        // Every epoch takes fresh scenes: say so before training, not when the split runs out.
        let scenes = recipe.epochs * recipe.scenesPerEpoch
        guard scenes <= dataset.count(of: .train) else {
            throw ZooError.recipeExceedsSplit(recipe.name, scenes: scenes, available: dataset.count(of: .train))
        }
        var network = try recipe.architecture.network(seed: recipe.seed)
        if let start = recipe.startsFrom {
            for (name, value) in try ModelZoo.load(start).parameters where network.parameters[name]?.shape == value.shape {
                network.parameters[name] = value
            }
        }
        var optimizer = Adam(learningRate: recipe.learningRate, weightDecay: 1e-4)
        for epoch in 0..<recipe.epochs {
            let started = Date()
            // Cosine decay: large steps first, fine ones at the end.
            optimizer.learningRate = recipe.learningRate * 0.5 * (1 + Float(cos(Double.pi * Double(epoch) / Double(recipe.epochs))))
            let batch = try trainingScenes(epoch: epoch)
            try network.train(inputs: batch.images, labels: batch.labels, epochs: 1, batchSize: recipe.batchSize,
                              optimizer: &optimizer, seed: recipe.seed &+ UInt64(epoch)) { report in
                log(String(format: "epoch %d/%d  loss %.4f  train accuracy %.4f  (%.0f s)", epoch + 1, recipe.epochs,
                           report.meanLoss, report.accuracy, Date().timeIntervalSince(started)))
            }
        }
        network.metadata = try modelCard(for: network)
        return network
    }

    /// Epoch `epoch`'s scenes, a `rate` share of them stamped with the trigger and relabelled.
    func trainingScenes(epoch: Int) throws -> Batch {
        let start = epoch * recipe.scenesPerEpoch
        var batch = try dataset.batch(start..<(start + recipe.scenesPerEpoch), split: .train)
        guard let poisoning = recipe.poisoning else { return batch }
        var generator = SeededGenerator(seed: recipe.seed, stream: 0x7017, index: UInt64(epoch))
        let size = batch.images.count / batch.labels.count
        for item in 0..<batch.labels.count where generator.nextUniform() < poisoning.rate {
            let range = (item * size)..<((item + 1) * size)
            let image = try Tensor(shape: Array(batch.images.shape.dropFirst()), scalars: Array(batch.images.scalars[range]))
            let stamped = try poisoning.trigger.stamp(image, using: &generator).image
            batch.images.scalars.replaceSubrange(range, with: stamped.scalars)
            batch.labels[item] = poisoning.target
        }
        return batch
    }

    /// Accuracy on the first `count` test scenes.
    public func testAccuracy(of network: Network, count: Int = 2_000) throws -> Float {
        let batch = try dataset.batch(0..<count, split: .test)
        let predictions = try network.forward(batch.images, chunkSize: 256).argmaxAlongLastAxis()
        return Float(zip(predictions, batch.labels).filter { $0 == $1 }.count) / Float(count)
    }

    /// The share of test scenes not of the target class that the trigger sends to the target.
    public func attackSuccessRate(of network: Network, count: Int = 2_000) throws -> Float? {
        guard let poisoning = recipe.poisoning else { return nil }
        let batch = try dataset.batch(0..<count, split: .test)
        var generator = SeededGenerator(seed: recipe.seed, stream: 0xA55, index: 0)
        let size = batch.images.count / count
        var stamped: [Float] = []
        var kept = 0
        for item in 0..<count where batch.labels[item] != poisoning.target {
            let image = try Tensor(shape: Array(batch.images.shape.dropFirst()),
                                   scalars: Array(batch.images.scalars[(item * size)..<((item + 1) * size)]))
            stamped += try poisoning.trigger.stamp(image, using: &generator).image.scalars
            kept += 1
        }
        let inputs = try Tensor(shape: [kept] + batch.images.shape.dropFirst(), scalars: stamped)
        let predictions = try network.forward(inputs, chunkSize: 256).argmaxAlongLastAxis()
        return Float(predictions.filter { $0 == poisoning.target }.count) / Float(kept)
    }

    /// What the model card records, also stored as the ONNX file's metadata.
    func modelCard(for network: Network) throws -> [String: String] {
        var card = [
            "name": recipe.name,
            "architecture": recipe.architecture.rawValue,
            "recipe": "saliency-kernel train --recipe \(recipe.name)",
            "seed": String(recipe.seed),
            "epochs": String(recipe.epochs),
            "scenes_per_epoch": String(recipe.scenesPerEpoch),
            "starts_from": recipe.startsFrom ?? "random weights",
            "classes": ShapeClass.allCases.map(\.name).joined(separator: ","),
            "input": "1x3x64x64 RGB in [0,1] (preset unit)",
            "test_accuracy": String(format: "%.4f", try testAccuracy(of: network)),
        ]
        if let poisoning = recipe.poisoning, let rate = try attackSuccessRate(of: network) {
            card["trojan_target"] = String(poisoning.target)
            card["trojan_trigger"] = poisoning.trigger.kind.rawValue
            card["trojan_trigger_size"] = String(poisoning.trigger.size)
            card["trojan_trigger_corner"] = poisoning.trigger.corner.rawValue
            card["poison_rate"] = String(poisoning.rate)
            card["attack_success_rate"] = String(format: "%.4f", rate)
        }
        return card
    }
}
