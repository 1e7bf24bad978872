import Tensor

/// Shares relevance among all inputs in proportion to their contribution, R_i = x_i ⊙ ∂z/∂x_i (R / z):
/// LRP for sums (residual Add) and average pooling (Zennit's Norm).
public struct NormRule: BackwardRule {
    public init() {}

    public func backward(_ op: any Operator, pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        let seed = try Relevance.ratio(outputGradients[0], pass.outputs[0])
        return try Relevance.inputsTimesGradients(pass, try op.backward(pass, outputGradients: [seed]))
    }
}

extension Relevance {
    /// x_i ⊙ g_i for every input that has a gradient, summed back to the input's shape where it was
    /// broadcast.
    static func inputsTimesGradients(_ pass: OperatorPass, _ gradients: [Tensor?]) throws -> [Tensor?] {
        try zip(pass.inputs, gradients).map { input, gradient in
            guard let gradient else { return nil }
            return try Tensor.broadcasting(input, gradient, *).summed(toShape: input.shape)
        }
    }
}
