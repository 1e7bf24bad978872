import Tensor

/// AttnLRP's rule for LayerNorm (Achtibat et al. 2024, Proposition 3.4, as LXT implements it): the
/// division by the standard deviation takes the identity rule, so the layer is linear in x with the
/// deviation held fixed, y = γ ⊙ (x − mean x)/σ + β, and the ε-rule applies to that linear map:
/// R_in = x ⊙ Jᵀ (R / (y + ε·sign y)), J = ∂y/∂x with σ constant. β keeps its share.
///
/// Instance and group normalization are the same map over other rows (see `NormalizedRows`), so
/// they take the same rule.
public struct LayerNormRule: BackwardRule {
    public var epsilon: Float
    public init(epsilon: Float = 1e-6) { self.epsilon = epsilon }

    public func backward(_ op: any Operator, pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        guard let normalization = op as? any RowNormalization else {
            throw NetworkError.invalidInput("the LayerNorm rule applies to Layer-, Instance- and GroupNormalization, not \(op.type)")
        }
        let unused = pass.inputs.dropFirst().map { _ -> Tensor? in nil }
        guard pass.needsGradient[0] else { return [nil] + unused }
        let x = pass.inputs[0]
        let rows = try normalization.layout(pass.inputs)
        let statistics = rows.statistics(x, epsilon: normalization.epsilon)
        // Jᵀρ = (γ ⊙ ρ − mean(γ ⊙ ρ)) / σ within each row.
        let weighted = try Relevance.ratio(outputGradients[0], pass.outputs[0], epsilon: epsilon)
            * rows.expanded(pass.inputs[1], shape: x.shape)
        var relevance = Tensor(shape: x.shape)
        weighted.scalars.withUnsafeBufferPointer { values in
            for (row, (_, inverse)) in statistics.enumerated() {
                let range = (row * rows.length)..<((row + 1) * rows.length)
                let mean = Tensor.sumInLanes(UnsafeBufferPointer(rebasing: values[range])) / Float(rows.length)
                for index in range { relevance.scalars[index] = x.scalars[index] * (values[index] - mean) * inverse }
            }
        }
        return [relevance] + unused
    }
}
