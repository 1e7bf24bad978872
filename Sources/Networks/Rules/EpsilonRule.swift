import Tensor

/// LRP-ε (Bach et al. 2015): R_in = x ⊙ Wᵀ(R / (z + ε·sign z)). ε = 0 is LRP-0.
public struct EpsilonRule: BackwardRule {
    public var epsilon: Float
    public init(epsilon: Float = 1e-6) { self.epsilon = epsilon }

    public func backward(_ op: any Operator, pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        let layer = try LinearLayer(op, pass)
        let plain = layer.term(layer.input) { $0 }
        let seed = try Relevance.ratio(outputGradients[0], pass.outputs[0], epsilon: epsilon)
        return layer.relevance(try layer.input.zip(plain.inputGradient(op, seed: seed), *), pass)
    }
}
