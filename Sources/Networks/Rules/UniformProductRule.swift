import Tensor

/// AttnLRP's rule for products (Achtibat et al. 2024, Propositions 3.2 and 3.3): the ε-rule applied
/// to each factor that carries relevance, R_i = x_i ⊙ ∂z/∂x_iᵀ (R / (k·z + ε·sign z)), where k is
/// the number of such factors. Each factor's contributions x_i ⊙ ∂z/∂x_i alone sum to z, so the k
/// shares split the relevance evenly. A matrix product with a weight (one factor) is the ε-rule;
/// queries·keys and attention·values split it in halves; a product with a constant hands it on.
public struct UniformProductRule: BackwardRule {
    public var epsilon: Float
    public init(epsilon: Float = 1e-6) { self.epsilon = epsilon }

    public func backward(_ op: any Operator, pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        let factors = Float(pass.needsGradient.filter { $0 }.count)
        guard factors > 0 else { return pass.inputs.map { _ in nil } }
        let seed = try Relevance.ratio(outputGradients[0], pass.outputs[0].map { $0 * factors }, epsilon: epsilon)
        return try Relevance.inputsTimesGradients(pass, try op.backward(pass, outputGradients: [seed]))
    }
}
