import Foundation
import Testing
import Tensor
import Networks

/// Training a small conv net on a toy problem a linear model cannot solve from pixels alone:
/// is the bar in the image horizontal (class 0) or vertical (class 1)?
struct TrainingTests {
    static func bars(count: Int, seed: UInt64) throws -> (images: Tensor, labels: [Int]) {
        var generator = SeededGenerator(seed: seed)
        var images = Tensor.normal(shape: [count, 1, 8, 8], standardDeviation: 0.3, generator: &generator)
        var labels: [Int] = []
        for item in 0..<count {
            let label = Int(generator.next() % 2), line = Int(generator.next() % 8)
            let start = Int(generator.next() % 3), length = 5
            for step in start..<(start + length) {
                let (row, column) = label == 0 ? (line, step) : (step, line)
                images.scalars[item * 64 + row * 8 + column] += 1
            }
            labels.append(label)
        }
        return (images, labels)
    }

    static func network(seed: UInt64) throws -> Network {
        var generator = SeededGenerator(seed: seed)
        func he(_ shape: [Int]) -> Tensor {
            let fanIn = shape.dropFirst().reduce(1, *)
            return Tensor.normal(shape: shape, standardDeviation: (2 / Float(fanIn)).squareRoot(), generator: &generator)
        }
        let pad = WindowAttributes(padding: [1, 1, 1, 1])
        return try Network(
            inputs: [ValueInfo(name: "image", shape: [-1, 1, 8, 8])], outputs: ["logits"],
            nodes: [
                Node(name: "conv1", op: Conv(attributes: pad), inputs: ["image", "conv1.w", "conv1.b"], outputs: ["c1"]),
                Node(name: "bn1", op: BatchNormalization(momentum: 0.8), inputs: ["c1", "bn1.s", "bn1.b", "bn1.m", "bn1.v"], outputs: ["b1"]),
                Node(name: "relu1", op: Relu(), inputs: ["b1"], outputs: ["r1"]),
                Node(name: "pool", op: MaxPool(kernel: [2, 2], attributes: WindowAttributes(strides: [2, 2])), inputs: ["r1"], outputs: ["p1"]),
                Node(name: "conv2", op: Conv(attributes: pad), inputs: ["p1", "conv2.w", "conv2.b"], outputs: ["c2"]),
                Node(name: "relu2", op: Relu(), inputs: ["c2"], outputs: ["r2"]),
                Node(name: "gap", op: GlobalAveragePool(), inputs: ["r2"], outputs: ["g"]),
                Node(name: "flatten", op: Flatten(), inputs: ["g"], outputs: ["f"]),
                Node(name: "dropout", op: Dropout(ratio: 0.2), inputs: ["f"], outputs: ["d"]),
                Node(name: "fc", op: Gemm(transposesB: true), inputs: ["d", "fc.w", "fc.b"], outputs: ["logits"]),
            ],
            parameters: [
                "conv1.w": he([6, 1, 3, 3]), "conv1.b": Tensor(shape: [6]),
                "bn1.s": Tensor(shape: [6], repeating: 1), "bn1.b": Tensor(shape: [6]),
                "bn1.m": Tensor(shape: [6]), "bn1.v": Tensor(shape: [6], repeating: 1),
                "conv2.w": he([8, 6, 3, 3]), "conv2.b": Tensor(shape: [8]),
                "fc.w": he([2, 8]), "fc.b": Tensor(shape: [2]),
            ])
    }

    func accuracy(_ network: Network, _ data: (images: Tensor, labels: [Int])) throws -> Float {
        let predicted = try network.forward(data.images).argmaxAlongLastAxis()
        return Float(zip(predicted, data.labels).filter { $0 == $1 }.count) / Float(data.labels.count)
    }

    func trained(optimizer: inout some Optimizer, epochs: Int) throws -> (Network, [EpochReport]) {
        var network = try Self.network(seed: 7)
        var reports: [EpochReport] = []
        try network.train(inputs: Self.bars(count: 256, seed: 1).images, labels: Self.bars(count: 256, seed: 1).labels,
                          epochs: epochs, batchSize: 16, optimizer: &optimizer, seed: 42) { reports.append($0) }
        return (network, reports)
    }

    @Test func adamLearnsTheBarsToHighTestAccuracy() throws {
        var adam = Adam(learningRate: 0.02, weightDecay: 1e-4)
        let (network, reports) = try trained(optimizer: &adam, epochs: 12)
        #expect(try accuracy(network, Self.bars(count: 200, seed: 2)) >= 0.95)
        #expect(reports.last!.meanLoss < reports.first!.meanLoss / 2)
        // The running statistics moved away from their initial values during training.
        #expect(network.parameters["bn1.m"] != Tensor(shape: [6]))
    }

    @Test func sgdWithMomentumLearnsTheBarsToo() throws {
        var sgd = StochasticGradientDescent(learningRate: 0.05, momentum: 0.9, weightDecay: 1e-4)
        let (network, _) = try trained(optimizer: &sgd, epochs: 12)
        #expect(try accuracy(network, Self.bars(count: 200, seed: 2)) >= 0.95)
    }

    @Test func trainingIsReproducibleWithTheSameSeed() throws {
        var first = Adam(learningRate: 0.02), second = Adam(learningRate: 0.02)
        let (a, _) = try trained(optimizer: &first, epochs: 2)
        let (b, _) = try trained(optimizer: &second, epochs: 2)
        #expect(a.parameters == b.parameters)
    }

    @Test func crossEntropyMatchesItsDefinition() throws {
        let logits = try Tensor(shape: [2, 3], scalars: [1, 2, 3, 0, 0, 0])
        let objective = try CrossEntropy(logits: logits, labels: [2, 0])
        let firstRow: Double = -log(exp(3.0) / (exp(1.0) + exp(2.0) + exp(3.0)))
        let expected = (firstRow + log(3.0)) / 2
        #expect(abs(Double(objective.loss) - expected) < 1e-6)
        #expect(abs(objective.gradient.scalars[3] - (1.0 / 3 - 1) / 2) < 1e-6)
        #expect(throws: NetworkError.self) { try CrossEntropy(logits: logits, labels: [3, 0]) }
    }
}
