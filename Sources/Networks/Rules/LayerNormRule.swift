import Tensor

/// AttnLRP's rule for LayerNorm (Achtibat et al. 2024, Proposition 3.4, as LXT implements it): the
/// division by the standard deviation takes the identity rule, so the layer is linear in x with the
/// deviation held fixed, y = γ ⊙ (x − mean x)/σ + β, and the ε-rule applies to that linear map:
/// R_in = x ⊙ Jᵀ (R / (y + ε·sign y)), J = ∂y/∂x with σ constant. β keeps its share.
public struct LayerNormRule: BackwardRule {
    public var epsilon: Float
    public init(epsilon: Float = 1e-6) { self.epsilon = epsilon }

    public func backward(_ op: any Operator, pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        guard let normalization = op as? LayerNormalization else {
            throw NetworkError.invalidInput("the LayerNorm rule applies to LayerNormalization, not \(op.type)")
        }
        let unused = pass.inputs.dropFirst().map { _ -> Tensor? in nil }
        guard pass.needsGradient[0] else { return [nil] + unused }
        let x = pass.inputs[0]
        let axes = Array(try x.normalizedAxis(normalization.axis)..<x.rank)
        let count = Float(axes.reduce(1) { $0 * x.shape[$1] })
        let mean = { (tensor: Tensor) in try tensor.sum(alongAxes: axes).map { $0 / count } }
        let centered = try x - mean(x)
        let inverseDeviation = try mean(centered * centered).map { 1 / ($0 + normalization.epsilon).squareRoot() }
        // Jᵀρ = (γ ⊙ ρ − mean(γ ⊙ ρ)) / σ.
        let weighted = try Relevance.ratio(outputGradients[0], pass.outputs[0], epsilon: epsilon) * pass.inputs[1]
        return [try x * ((weighted - mean(weighted)) * inverseDeviation)] + unused
    }
}
