import Tensor
import Networks

/// Small networks the tests share, with seeded weights.
enum SmallNetworks {
    /// x[N,3,8,8] → Conv3×3 → BN → Relu → MaxPool2 → Conv3×3 → Relu → Add(residual Conv1×1) → GAP → Flatten → Gemm → logits[N,4].
    static func residualCNN(seed: UInt64 = 1, withBias: Bool = true) throws -> Network {
        var generator = SeededGenerator(seed: seed)
        func weights(_ shape: [Int], scale: Float) -> Tensor {
            Tensor.normal(shape: shape, standardDeviation: scale, generator: &generator)
        }
        func bias(_ count: Int) -> Tensor {
            withBias ? weights([count], scale: 0.1) : Tensor(shape: [count])
        }
        let parameters: [String: Tensor] = [
            "conv1.w": weights([6, 3, 3, 3], scale: 0.4), "conv1.b": bias(6),
            "bn.scale": weights([6], scale: 0.1).map { 1 + $0 }, "bn.bias": bias(6),
            "bn.mean": withBias ? weights([6], scale: 0.1) : Tensor(shape: [6]), "bn.var": weights([6], scale: 0.1).map { 1 + abs($0) },
            "conv2.w": weights([8, 6, 3, 3], scale: 0.25), "conv2.b": bias(8),
            "skip.w": weights([8, 6, 1, 1], scale: 0.4),
            "fc.w": weights([4, 8], scale: 0.5), "fc.b": bias(4),
        ]
        let pad = WindowAttributes(padding: [1, 1, 1, 1])
        return try Network(
            inputs: [ValueInfo(name: "x", shape: [-1, 3, 8, 8])], outputs: ["logits"],
            nodes: [
                Node(name: "conv1", op: Conv(attributes: pad), inputs: ["x", "conv1.w", "conv1.b"], outputs: ["c1"]),
                Node(name: "bn", op: BatchNormalization(), inputs: ["c1", "bn.scale", "bn.bias", "bn.mean", "bn.var"], outputs: ["b1"]),
                Node(name: "relu1", op: Relu(), inputs: ["b1"], outputs: ["r1"]),
                Node(name: "pool", op: MaxPool(kernel: [2, 2], attributes: WindowAttributes(strides: [2, 2])), inputs: ["r1"], outputs: ["p1"]),
                Node(name: "conv2", op: Conv(attributes: pad), inputs: ["p1", "conv2.w", "conv2.b"], outputs: ["c2"]),
                Node(name: "relu2", op: Relu(), inputs: ["c2"], outputs: ["r2"]),
                Node(name: "skip", op: Conv(), inputs: ["p1", "skip.w"], outputs: ["s"]),
                Node(name: "add", op: Add(), inputs: ["r2", "s"], outputs: ["sum"]),
                Node(name: "relu3", op: Relu(), inputs: ["sum"], outputs: ["r3"]),
                Node(name: "gap", op: GlobalAveragePool(), inputs: ["r3"], outputs: ["g"]),
                Node(name: "flatten", op: Flatten(), inputs: ["g"], outputs: ["f"]),
                Node(name: "fc", op: Gemm(transposesB: true), inputs: ["f", "fc.w", "fc.b"], outputs: ["logits"]),
            ],
            parameters: parameters)
    }

    /// A one-hot seed on `target` for every row of an N×classes output.
    static func oneHot(_ target: Int, rows: Int, classes: Int) -> Tensor {
        var seed = Tensor(shape: [rows, classes])
        for row in 0..<rows { seed.scalars[row * classes + target] = 1 }
        return seed
    }
}
