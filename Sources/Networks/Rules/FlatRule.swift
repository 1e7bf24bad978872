import Tensor

/// LRP flat (Lapuschkin et al. 2019): relevance spread evenly over each output's receptive field,
/// as if all inputs and weights were 1 and there were no bias.
public struct FlatRule: BackwardRule {
    public init() {}

    public func backward(_ op: any Operator, pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        let layer = try LinearLayer(op, pass)
        let term = layer.term(Tensor(shape: layer.input.shape, repeating: 1), keepingBias: false) { _ in 1 }
        let seed = try Relevance.ratio(outputGradients[0], term.output(op))
        return layer.relevance(try term.inputGradient(op, seed: seed), pass)
    }
}
