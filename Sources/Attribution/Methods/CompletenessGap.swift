import Networks
import Tensor

/// A method whose attributions should sum to the change of the target's score from the reference to
/// the input (IG's completeness, DeepLIFT's summation-to-delta), and that says by how much they miss.
public protocol CompletenessReporting: AttributionMethod {
    /// The attributions and, per input, Σ A − (f(x) − f(x′)).
    func attributeWithDelta(_ inputs: Tensor, targets: [Int], model: Network,
                            progress: Progress) throws -> (attributions: Tensor, delta: [Float])
}

extension CompletenessReporting {
    public func attribute(_ inputs: Tensor, targets: [Int], model: Network, progress: Progress) throws -> Tensor {
        try attributeWithDelta(inputs, targets: targets, model: model, progress: progress).attributions
    }
}

extension Network {
    /// Per input, Σ A − (f_t(x) − f_t(x′)): how far attributions that should sum to the change of the
    /// target's score from the reference to the input (IG's completeness, DeepLIFT's
    /// summation-to-delta) are from it. Captum calls it the convergence delta.
    func completenessGap(_ attributions: Tensor, inputs: Tensor, references: Tensor, targets: [Int]) throws -> [Float] {
        let size = inputs.count / max(1, inputs.batchCount)
        let scores = try forward(Tensor.concatenated([inputs, references], alongAxis: 0), chunkSize: 64)
        let classes = scores.shape[1]
        return (0..<inputs.batchCount).map { item in
            let total = attributions.scalars[(item * size)..<((item + 1) * size)].reduce(0, +)
            let gap = scores.scalars[item * classes + targets[item]]
                - scores.scalars[(inputs.batchCount + item) * classes + targets[item]]
            return total - gap
        }
    }
}
