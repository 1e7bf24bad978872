import Networks
import Tensor

/// Small networks built in code, whose answers the tests can work out by hand or by finite
/// differences.
enum SmallNetworks {
    /// conv 3→4 (3×3, pad 1) → ReLU → conv 4→4 (3×3, pad 1) → ReLU → global average pool →
    /// flatten → linear 4→3, on 3×8×8 inputs, with seeded weights.
    static func convolutional(seed: UInt64 = 1, biases: Bool = true) throws -> Network {
        var generator = SeededGenerator(seed: seed)
        func random(_ shape: [Int], scale: Float) -> Tensor {
            Tensor.normal(shape: shape, standardDeviation: scale, generator: &generator)
        }
        let padding = WindowAttributes(padding: [1, 1, 1, 1])
        let parameters: [String: Tensor] = [
            "w1": random([4, 3, 3, 3], scale: 0.5), "b1": biases ? random([4], scale: 0.1) : Tensor(shape: [4]),
            "w2": random([4, 4, 3, 3], scale: 0.5), "b2": biases ? random([4], scale: 0.1) : Tensor(shape: [4]),
            "w3": random([3, 4], scale: 1), "b3": biases ? random([3], scale: 0.1) : Tensor(shape: [3]),
        ]
        return try Network(
            inputs: [ValueInfo(name: "x", shape: [-1, 3, 8, 8])], outputs: ["logits"],
            nodes: [
                Node(name: "conv1", op: Conv(attributes: padding), inputs: ["x", "w1", "b1"], outputs: ["c1"]),
                Node(name: "relu1", op: Relu(), inputs: ["c1"], outputs: ["r1"]),
                Node(name: "conv2", op: Conv(attributes: padding), inputs: ["r1", "w2", "b2"], outputs: ["c2"]),
                Node(name: "relu2", op: Relu(), inputs: ["c2"], outputs: ["r2"]),
                Node(name: "pool", op: GlobalAveragePool(), inputs: ["r2"], outputs: ["p"]),
                Node(name: "flatten", op: Flatten(), inputs: ["p"], outputs: ["f"]),
                Node(name: "fc", op: Gemm(transposesB: true), inputs: ["f", "w3", "b3"], outputs: ["logits"]),
            ],
            parameters: parameters)
    }

    /// conv 3→4 → BatchNorm → ReLU → 2×2 max pool → conv 4→4 → tanh → global max pool → flatten →
    /// linear 4→3, on 3×8×8 inputs: every kind of nonlinearity DeepLIFT has a rule for.
    static func pooled(seed: UInt64 = 3) throws -> Network {
        var generator = SeededGenerator(seed: seed)
        func random(_ shape: [Int], scale: Float) -> Tensor {
            Tensor.normal(shape: shape, standardDeviation: scale, generator: &generator)
        }
        let padding = WindowAttributes(padding: [1, 1, 1, 1])
        let parameters: [String: Tensor] = [
            "w1": random([4, 3, 3, 3], scale: 0.5), "b1": random([4], scale: 0.1),
            "scale": random([4], scale: 1), "shift": random([4], scale: 0.1), "mean": random([4], scale: 0.1),
            "variance": Tensor(shape: [4], repeating: 0.8),
            "w2": random([4, 4, 3, 3], scale: 0.5), "b2": random([4], scale: 0.1),
            "w3": random([3, 4], scale: 1), "b3": random([3], scale: 0.1),
        ]
        return try Network(
            inputs: [ValueInfo(name: "x", shape: [-1, 3, 8, 8])], outputs: ["logits"],
            nodes: [
                Node(name: "conv1", op: Conv(attributes: padding), inputs: ["x", "w1", "b1"], outputs: ["c1"]),
                Node(name: "bn1", op: BatchNormalization(), inputs: ["c1", "scale", "shift", "mean", "variance"], outputs: ["n1"]),
                Node(name: "relu1", op: Relu(), inputs: ["n1"], outputs: ["r1"]),
                Node(name: "pool1", op: MaxPool(kernel: [2, 2], attributes: WindowAttributes(strides: [2, 2])),
                     inputs: ["r1"], outputs: ["p1"]),
                Node(name: "conv2", op: Conv(attributes: padding), inputs: ["p1", "w2", "b2"], outputs: ["c2"]),
                Node(name: "tanh2", op: Tanh(), inputs: ["c2"], outputs: ["t2"]),
                Node(name: "gmp", op: GlobalMaxPool(), inputs: ["t2"], outputs: ["g"]),
                Node(name: "flatten", op: Flatten(), inputs: ["g"], outputs: ["f"]),
                Node(name: "fc", op: Gemm(transposesB: true), inputs: ["f", "w3", "b3"], outputs: ["logits"]),
            ],
            parameters: parameters)
    }

    /// flatten → linear: logits = W·vec(x) + b, on 2×4×4 inputs with 3 classes.
    static func linear(seed: UInt64 = 2) throws -> (network: Network, weights: Tensor) {
        var generator = SeededGenerator(seed: seed)
        let weights = Tensor.normal(shape: [3, 32], generator: &generator)
        let network = try Network(
            inputs: [ValueInfo(name: "x", shape: [-1, 2, 4, 4])], outputs: ["logits"],
            nodes: [
                Node(name: "flatten", op: Flatten(), inputs: ["x"], outputs: ["f"]),
                Node(name: "fc", op: Gemm(transposesB: true), inputs: ["f", "w", "b"], outputs: ["logits"]),
            ],
            parameters: ["w": weights, "b": Tensor.normal(shape: [3], generator: &generator)])
        return (network, weights)
    }

    static func inputs(_ count: Int, shape: [Int] = [3, 8, 8], seed: UInt64 = 9) -> Tensor {
        var generator = SeededGenerator(seed: seed)
        return Tensor.uniform(shape: [count] + shape, generator: &generator)
    }
}
