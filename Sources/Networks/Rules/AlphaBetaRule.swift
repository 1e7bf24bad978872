import Tensor

/// LRP-αβ: positive contributions weighted by α, negative ones by β, with α − β = 1.
public struct AlphaBetaRule: BackwardRule {
    public var alpha: Float
    public var beta: Float

    /// Fails unless α, β ≥ 0 and α − β = 1, the conditions under which relevance is conserved.
    public init(alpha: Float = 2, beta: Float = 1) throws {
        guard alpha >= 0, beta >= 0, abs(alpha - beta - 1) < 1e-6 else {
            throw NetworkError.invalidInput("alpha-beta rule needs alpha, beta ≥ 0 with alpha − beta = 1; got \(alpha), \(beta)")
        }
        self.alpha = alpha
        self.beta = beta
    }

    public func backward(_ op: any Operator, pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        let layer = try LinearLayer(op, pass)
        let (positiveInput, negativeInput) = (Relevance.positive(layer.input), Relevance.negative(layer.input))
        let positive = try share(op, outputGradients[0], [
            (positiveInput, layer.term(positiveInput) { max(0, $0) }),
            (negativeInput, layer.term(negativeInput, keepingBias: false) { min(0, $0) }),
        ])
        let negative = try share(op, outputGradients[0], [
            (positiveInput, layer.term(positiveInput) { min(0, $0) }),
            (negativeInput, layer.term(negativeInput, keepingBias: false) { max(0, $0) }),
        ])
        return layer.relevance(try positive.scaled(by: alpha) - negative.scaled(by: beta), pass)
    }

    /// Relevance split in proportion to the terms' summed output.
    private func share(_ op: any Operator, _ relevance: Tensor,
                       _ terms: [(input: Tensor, term: LinearContribution)]) throws -> Tensor {
        let z = try terms[0].term.output(op) + terms[1].term.output(op)
        let seed = try Relevance.ratio(relevance, z)
        return try terms[0].input.zip(terms[0].term.inputGradient(op, seed: seed), *)
            + terms[1].input.zip(terms[1].term.inputGradient(op, seed: seed), *)
    }
}
