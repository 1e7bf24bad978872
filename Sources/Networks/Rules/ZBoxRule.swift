import Tensor

/// LRP-z^B for the first layer over bounded pixels (Montavon et al. 2017): inputs lie in [low, high],
/// given per element or broadcast (e.g. 1×3×1×1 per channel after normalization).
public struct ZBoxRule: BackwardRule {
    public var low: Tensor
    public var high: Tensor
    public init(low: Tensor, high: Tensor) {
        self.low = low
        self.high = high
    }

    public func backward(_ op: any Operator, pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        let layer = try LinearLayer(op, pass)
        let zeros = Tensor(shape: layer.input.shape)
        let lows = try Tensor.broadcasting(zeros, low) { _, bound in bound }
        let highs = try Tensor.broadcasting(zeros, high) { _, bound in bound }
        let terms = [layer.term(layer.input) { $0 }, layer.term(lows) { max(0, $0) }, layer.term(highs) { min(0, $0) }]
        let z = try terms[0].output(op) - terms[1].output(op) - terms[2].output(op)
        let seed = try Relevance.ratio(outputGradients[0], z)
        let relevance = try layer.input.zip(terms[0].inputGradient(op, seed: seed), *)
            - lows.zip(terms[1].inputGradient(op, seed: seed), *)
            - highs.zip(terms[2].inputGradient(op, seed: seed), *)
        return layer.relevance(relevance, pass)
    }
}
