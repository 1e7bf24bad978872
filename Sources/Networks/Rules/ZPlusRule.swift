import Tensor

/// LRP-z⁺: only positive contributions, x⁺W⁺ (+ b⁺) and x⁻W⁻, share the relevance (α = 1, β = 0).
public struct ZPlusRule: BackwardRule {
    public init() {}

    public func backward(_ op: any Operator, pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        let layer = try LinearLayer(op, pass)
        let (positiveInput, negativeInput) = (Relevance.positive(layer.input), Relevance.negative(layer.input))
        let terms = [layer.term(positiveInput) { max(0, $0) }, layer.term(negativeInput, keepingBias: false) { min(0, $0) }]
        let z = try terms[0].output(op) + terms[1].output(op)
        let seed = try Relevance.ratio(outputGradients[0], z)
        let relevance = try positiveInput.zip(terms[0].inputGradient(op, seed: seed), *)
            + negativeInput.zip(terms[1].inputGradient(op, seed: seed), *)
        return layer.relevance(relevance, pass)
    }
}
