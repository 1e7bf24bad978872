import Foundation
import Attribution
import Tensor

/// f(x) = W·x + c: a classifier whose gradients are known in closed form, for tests of the
/// model-level methods.
struct LinearClassifier: DifferentiableClassifier {
    let inputShape: [Int]
    let weights: [[Float]]
    let biases: [Float]

    var classCount: Int { weights.count }

    init(inputShape: [Int], classes: Int, seed: UInt64, biases: [Float]? = nil) {
        var generator = SeededGenerator(seed: seed)
        let size = inputShape.reduce(1, *)
        self.inputShape = inputShape
        weights = (0..<classes).map { _ in (0..<size).map { _ in generator.nextNormal() } }
        self.biases = biases ?? [Float](repeating: 0, count: classes)
    }

    init(inputShape: [Int], weights: [[Float]], biases: [Float]) {
        self.inputShape = inputShape
        self.weights = weights
        self.biases = biases
    }

    func logits(_ inputs: Tensor) throws -> Tensor {
        let size = inputShape.reduce(1, *)
        let count = inputs.shape[0]
        var scalars: [Float] = []
        for item in 0..<count {
            let x = inputs.scalars[(item * size)..<((item + 1) * size)]
            for (row, bias) in zip(weights, biases) {
                scalars.append(zip(row, x).reduce(bias) { $0 + $1.0 * $1.1 })
            }
        }
        return try Tensor(shape: [count, classCount], scalars: scalars)
    }

    /// Wᵀ(softmax(z) − e_y).
    func crossEntropyGradient(_ inputs: Tensor, labels: [Int]) throws -> Tensor {
        let scores = try logits(inputs)
        let size = inputShape.reduce(1, *)
        var gradient = Tensor(shape: inputs.shape)
        for (item, label) in labels.enumerated() {
            let z = scores.scalars[(item * classCount)..<((item + 1) * classCount)]
            let largest = z.max()!
            let exps = z.map { exp($0 - largest) }
            let total = exps.reduce(0, +)
            for (k, row) in weights.enumerated() {
                let coefficient = exps[k] / total - (k == label ? 1 : 0)
                for element in 0..<size { gradient.scalars[item * size + element] += coefficient * row[element] }
            }
        }
        return gradient
    }
}

func cosine(_ a: [Float], _ b: [Float]) -> Float {
    let dot = zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
    let norms = a.reduce(0) { $0 + $1 * $1 }.squareRoot() * b.reduce(0) { $0 + $1 * $1 }.squareRoot()
    return dot / norms
}
