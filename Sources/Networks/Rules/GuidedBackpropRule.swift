import Tensor

/// Guided backprop (Springenberg et al. 2015) at a ReLU: the gradient, but only where both the
/// forward input and the incoming gradient are positive.
public struct GuidedBackpropRule: BackwardRule {
    public init() {}
    public func backward(_ op: any Operator, pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        try op.backward(pass, outputGradients: outputGradients.map { $0.map { max(0, $0) } })
    }
}
