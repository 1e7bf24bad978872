import Tensor

/// Generalized LRP-γ (Montavon et al. 2019; Andéol et al. 2021): positive contributions favoured
/// by adding γ times the same-sign weights; for negative outputs the negative ones.
public struct GammaRule: BackwardRule {
    public var gamma: Float
    public init(gamma: Float = 0.25) { self.gamma = gamma }

    public func backward(_ op: any Operator, pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        let layer = try LinearLayer(op, pass)
        let gamma = self.gamma
        let (positiveInput, negativeInput) = (Relevance.positive(layer.input), Relevance.negative(layer.input))
        let raisePositive: (Float) -> Float = { $0 + gamma * max(0, $0) }
        let raiseNegative: (Float) -> Float = { $0 + gamma * min(0, $0) }
        let output = pass.outputs[0]
        // Positive outputs: x⁺ with W + γW⁺ and x⁻ with W + γW⁻; negative outputs the other pairing.
        let forPositive = try share(op, outputGradients[0], mask: output.map { $0 > 0 ? 1 : 0 }, [
            (positiveInput, layer.term(positiveInput, raisePositive)),
            (negativeInput, layer.term(negativeInput, keepingBias: false, raiseNegative)),
        ])
        let forNegative = try share(op, outputGradients[0], mask: output.map { $0 < 0 ? 1 : 0 }, [
            (positiveInput, layer.term(positiveInput, raiseNegative)),
            (negativeInput, layer.term(negativeInput, keepingBias: false, raisePositive)),
        ])
        return layer.relevance(try forPositive + forNegative, pass)
    }

    private func share(_ op: any Operator, _ relevance: Tensor, mask: Tensor,
                       _ terms: [(input: Tensor, term: LinearContribution)]) throws -> Tensor {
        let z = try terms[0].term.output(op) + terms[1].term.output(op)
        let seed = try Relevance.ratio(relevance.zip(mask, *), z)
        return try terms[0].input.zip(terms[0].term.inputGradient(op, seed: seed), *)
            + terms[1].input.zip(terms[1].term.inputGradient(op, seed: seed), *)
    }
}
