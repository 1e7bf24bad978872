import Tensor

/// Deconvnet (Zeiler & Fergus 2014) at a ReLU: the incoming gradient rectified, ignoring the forward input.
public struct DeconvnetRule: BackwardRule {
    public init() {}
    public func backward(_ op: any Operator, pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        guard pass.inputs.count == 1, pass.inputs[0].shape == outputGradients[0].shape else {
            throw NetworkError.invalidInput("the deconvnet rule applies to one-input elementwise layers such as Relu, not \(op.type)")
        }
        return [pass.needsGradient[0] ? outputGradients[0].map { max(0, $0) } : nil]
    }
}
