import Tensor

/// AttnLRP's rule for softmax (Achtibat et al. 2024, Proposition 3.1): the deep Taylor decomposition
/// of s = softmax(x) at x itself, R_in = x ⊙ (R − s ⊙ Σ R) along the softmax axis. Passing the
/// relevance through unchanged, as the CNN composites do for activations, ignores that every score
/// competes with all the others in its row.
public struct SoftmaxRule: BackwardRule {
    public init() {}

    public func backward(_ op: any Operator, pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        guard let softmax = op as? Softmax else {
            throw NetworkError.invalidInput("the softmax rule applies to Softmax, not \(op.type)")
        }
        guard pass.needsGradient[0] else { return [nil] }
        let relevance = outputGradients[0]
        let total = try relevance.sum(alongAxes: [softmax.axis])
        return [try pass.inputs[0] * (relevance - pass.outputs[0] * total)]
    }
}
