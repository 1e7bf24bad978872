import Networks
import Tensor

/// Randomization sanity checks (Adebayo et al., NeurIPS 2018): a map that explains the model must
/// change when the model's learned weights are replaced by random ones. Cascading randomization
/// replaces the layers one after another from the output down.
public enum ModelRandomization {
    /// Layers whose weights carry what the model learned.
    static let learnedTypes: Set<String> = ["Conv", "Gemm", "MatMul", "ConvTranspose"]

    /// The learned layers, from the output towards the input.
    public static func learnedLayers(of network: Network) -> [String] {
        network.nodes.filter { node in
            learnedTypes.contains(node.op.type) && node.inputs.contains { network.parameters[$0] != nil }
        }.map(\.name).reversed()
    }

    /// `network` with the parameters of `layers` redrawn from a normal distribution with each
    /// tensor's own standard deviation (so activations keep their scale), from `seed`.
    public static func randomizing(_ layers: [String], of network: Network, seed: UInt64) throws -> Network {
        try layers.enumerated().reduce(network) { randomized, layer in
            try randomizing(layer.element, position: layer.offset, of: randomized, seed: seed)
        }
    }

    /// `network` with the parameters of one layer redrawn, from stream `position` of `seed`: applied layer
    /// after layer, from position 0 on, it is the cascading randomization of those layers, one step at a time.
    public static func randomizing(_ layer: String, position: Int, of network: Network, seed: UInt64) throws -> Network {
        var randomized = network
        let node = try network.node(named: layer)
        for (slot, name) in node.inputs.enumerated() {
            guard let original = network.parameters[name] else { continue }
            let mean = original.scalars.reduce(0, +) / Float(max(1, original.count))
            let variance = original.scalars.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Float(max(1, original.count))
            var generator = SeededGenerator(seed: seed, stream: UInt64(position), index: UInt64(slot))
            randomized.parameters[name] = Tensor.normal(shape: original.shape, standardDeviation: max(variance.squareRoot(), 1e-3),
                                                        generator: &generator)
        }
        return randomized
    }

    /// How alike two maps are, on absolute values (the sign of a map flips easily and says little):
    /// Spearman rank correlation, SSIM and HOG similarity, the three measures of Adebayo et al.
    public static func similarity(_ a: Tensor, _ b: Tensor) throws -> (spearman: Double, ssim: Double, hog: Double) {
        let (x, y) = (try SpatialMap.absoluteNormalized(a), try SpatialMap.absoluteNormalized(b))
        return (try Correlation.spearman(x.values, y.values), try StructuralSimilarity.index(x, y),
                try HistogramOfOrientedGradients(pixelsPerCell: max(4, x.width / 8)).similarity(x, y))
    }
}
