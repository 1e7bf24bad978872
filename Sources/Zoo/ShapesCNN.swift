import Networks
import Tensor

/// The architecture of `shapes-cnn` and its trojaned twins: four conv–BatchNorm–ReLU stages (the
/// first three followed by 2×2 max pooling), global max pooling and a linear classifier.
/// 64×64 inputs give an 8×8 last spatial layer, the one Grad-CAM uses. Global max pooling, not
/// average: a shape covers a small part of a cluttered scene, and averaging over the whole map
/// drowned its evidence (the same network with average pooling stayed near chance for its first
/// thousand steps, in PyTorch as here). It also keeps the network fully convolutional, so GridPG
/// mosaics of any size go through it.
public enum ShapesCNN {
    public static let widths = [16, 32, 64, 64]
    public static let lastSpatialLayer = "relu4"

    /// The network with He-initialised weights drawn from `seed`.
    public static func network(classes: Int = 10, inputSize: Int = 64, seed: UInt64) throws -> Network {
        var generator = SeededGenerator(seed: seed)
        var nodes: [Node] = []
        var parameters: [String: Tensor] = [:]
        var (previous, channels) = ("input", 3)
        for (index, width) in widths.enumerated() {
            let stage = index + 1
            let fanIn = Float(channels * 9)
            parameters["conv\(stage).weight"] = Tensor.normal(shape: [width, channels, 3, 3], standardDeviation: (2 / fanIn).squareRoot(),
                                                               generator: &generator)
            parameters["conv\(stage).bias"] = Tensor(shape: [width])
            parameters["bn\(stage).scale"] = Tensor(shape: [width], repeating: 1)
            parameters["bn\(stage).bias"] = Tensor(shape: [width])
            parameters["bn\(stage).mean"] = Tensor(shape: [width])
            parameters["bn\(stage).variance"] = Tensor(shape: [width], repeating: 1)
            nodes += [
                Node(name: "conv\(stage)", op: Conv(attributes: WindowAttributes(padding: [1, 1, 1, 1])),
                     inputs: [previous, "conv\(stage).weight", "conv\(stage).bias"], outputs: ["conv\(stage)"]),
                Node(name: "bn\(stage)", op: BatchNormalization(),
                     inputs: ["conv\(stage)", "bn\(stage).scale", "bn\(stage).bias", "bn\(stage).mean", "bn\(stage).variance"],
                     outputs: ["bn\(stage)"]),
                Node(name: "relu\(stage)", op: Relu(), inputs: ["bn\(stage)"], outputs: ["relu\(stage)"]),
            ]
            previous = "relu\(stage)"
            if stage < widths.count {
                nodes.append(Node(name: "pool\(stage)", op: MaxPool(kernel: [2, 2], attributes: WindowAttributes(strides: [2, 2])),
                                  inputs: [previous], outputs: ["pool\(stage)"]))
                previous = "pool\(stage)"
            }
            channels = width
        }
        parameters["fc.weight"] = Tensor.normal(shape: [classes, channels], standardDeviation: (1 / Float(channels)).squareRoot(),
                                                generator: &generator)
        parameters["fc.bias"] = Tensor(shape: [classes])
        nodes += [
            Node(name: "gmp", op: GlobalMaxPool(), inputs: [previous], outputs: ["gmp"]),
            Node(name: "flatten", op: Flatten(), inputs: ["gmp"], outputs: ["flatten"]),
            Node(name: "fc", op: Gemm(transposesB: true), inputs: ["flatten", "fc.weight", "fc.bias"], outputs: ["logits"]),
        ]
        return try Network(inputs: [ValueInfo(name: "input", shape: [-1, 3, inputSize, inputSize])], outputs: ["logits"],
                           nodes: nodes, parameters: parameters)
    }
}
