import Networks
import Tensor
import Testing
import Zoo

/// The transformer's training gradients, end to end: every parameter kind of a block (attention
/// projections, the learned temperature, LayerNorm, the GELU MLP, position embeddings) checked
/// against central finite differences of the whole network.
@Suite struct ShapesViTTests {
    @Test func itsTokenGridIsTheLastSpatialLayerAndItGivesTenLogits() throws {
        let network = try ShapesViT.network(seed: 2)
        let layers = try network.layers()
        #expect(layers.first { $0.name == ShapesViT.lastSpatialLayer }?.outputShape == [1, 64, 8, 8])
        #expect(layers.first { $0.name == "block1.attention" }?.outputShape == [1, 4, 64, 64])
        #expect(try network.forward(Tensor(shape: [2, 3, 64, 64])).shape == [2, 10])
    }

    @Test func parameterGradientsMatchFiniteDifferences() throws {
        // 16×16 inputs give a 2×2 token grid: the same graph, small enough to difference.
        var network = try ShapesViT.network(inputSize: 16, seed: 5)
        var generator = SeededGenerator(seed: 6)
        // Random BatchNorm statistics and LayerNorm affine terms, so no gradient is trivially zero.
        for name in network.parameters.keys.sorted() where name.hasSuffix(".bias") || name.hasPrefix("position") {
            network.parameters[name] = Tensor.uniform(shape: network.parameters[name]!.shape, low: -0.5, high: 0.5, generator: &generator)
        }
        let input = Tensor.uniform(shape: [2, 3, 16, 16], low: 0, high: 1, generator: &generator)
        let seed = Tensor.uniform(shape: [2, 10], low: -1, high: 1, generator: &generator)
        let gradients = try network.backward(network.trace(input), seed: seed, parameterGradients: true).parameters

        func loss(_ candidate: Network) throws -> Double {
            let logits = try candidate.forward(input)
            return zip(logits.scalars, seed.scalars).reduce(0) { $0 + Double($1.0) * Double($1.1) }
        }
        let checked = ["block1.query.weight", "block1.key.bias", "block2.value.weight", "block1.scale", "block2.projection.weight",
                       "block1.norm1.scale", "block2.norm2.bias", "block1.hidden.weight", "block2.output.bias", "position",
                       "norm.scale", "embedding.weight", "head.weight", "conv3.weight"]
        // A small step: the stem's ReLUs and max pooling have kinks that a large one would cross.
        let step: Float = 1e-3
        for name in checked {
            let gradient = try #require(gradients[name], "no gradient for \(name)")
            let value = try #require(network.parameters[name])
            for element in Set([0, value.count / 2, value.count - 1]) {
                var plus = network, minus = network
                plus.parameters[name]!.scalars[element] += step
                minus.parameters[name]!.scalars[element] -= step
                let numeric = Float((try loss(plus) - loss(minus)) / Double(2 * step))
                #expect(abs(numeric - gradient.scalars[element]) <= 5e-3 * max(1, abs(numeric)),
                        "\(name)[\(element)]: backward \(gradient.scalars[element]), finite difference \(numeric)")
            }
        }
    }

    @Test func itsStemStartsAsTheCNNsAndTheRestAsDrawn() throws {
        let vit = try ShapesViT.network(seed: 2), cnn = try ShapesCNN.network(seed: 1)
        let shared = Set(vit.parameters.keys).intersection(cnn.parameters.keys)
        #expect(shared == Set((1...3).flatMap { ["conv\($0).weight", "conv\($0).bias", "bn\($0).scale", "bn\($0).bias", "bn\($0).mean", "bn\($0).variance"] }))
        #expect(Recipe.shapesViT.startsFrom == Recipe.shapesCNN.name)
    }
}
