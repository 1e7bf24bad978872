import Foundation
import Tensor

/// The mean cross-entropy of softmax(logits) against integer labels, with its gradient on the logits.
public struct CrossEntropy: Sendable {
    public var loss: Float
    /// ∂loss/∂logits = (softmax − one-hot) / batch.
    public var gradient: Tensor

    public init(logits: Tensor, labels: [Int]) throws {
        guard logits.rank == 2, logits.shape[0] == labels.count else {
            throw NetworkError.invalidInput("cross-entropy needs batch×classes logits and one label per row; got \(logits.shape) and \(labels.count) labels")
        }
        let classes = logits.shape[1]
        if let bad = labels.first(where: { $0 < 0 || $0 >= classes }) {
            throw NetworkError.invalidInput("label \(bad) is outside 0..<\(classes)")
        }
        let logProbabilities = try logits.logSoftmax(alongAxis: 1)
        var gradient = logProbabilities.map { expf($0) }
        var total: Float = 0
        let batch = Float(labels.count)
        for (row, label) in labels.enumerated() {
            total -= logProbabilities.scalars[row * classes + label]
            gradient.scalars[row * classes + label] -= 1
        }
        loss = total / batch
        self.gradient = gradient.scaled(by: 1 / batch)
    }
}
