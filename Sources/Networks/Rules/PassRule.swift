import Tensor

/// Hands the relevance through unchanged: what LRP does at activations (Zennit's Pass).
public struct PassRule: BackwardRule {
    public init() {}
    public func backward(_ op: any Operator, pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        guard pass.inputs.count == 1, pass.inputs[0].shape == outputGradients[0].shape else {
            throw NetworkError.invalidInput("the pass rule applies to one-input elementwise layers, not \(op.type)")
        }
        return [pass.needsGradient[0] ? outputGradients[0] : nil]
    }
}
