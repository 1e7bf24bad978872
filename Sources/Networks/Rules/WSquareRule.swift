import Tensor

/// LRP-w² (Montavon et al. 2017): relevance spread in proportion to squared weights, for a first
/// layer over unbounded inputs.
public struct WSquareRule: BackwardRule {
    public init() {}

    public func backward(_ op: any Operator, pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        let layer = try LinearLayer(op, pass)
        let term = layer.term(Tensor(shape: layer.input.shape, repeating: 1)) { $0 * $0 }
        let seed = try Relevance.ratio(outputGradients[0], term.output(op))
        return layer.relevance(try term.inputGradient(op, seed: seed), pass)
    }
}
