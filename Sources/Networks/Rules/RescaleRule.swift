import Tensor

/// DeepLIFT's rescale rule (Shrikumar et al. 2017) at an elementwise nonlinearity: the gradient is
/// replaced by the multiplier Δy/Δx between each input and its reference, so that a layer's
/// contributions sum to the change of its output. Both halves of the batch (see `ReferencePairs`)
/// get the same multiplier; where |Δx| < ε the plain gradient stays, as in Captum's `DeepLift`.
public struct RescaleRule: BackwardRule {
    public var epsilon: Float

    public init(epsilon: Float = 1e-10) {
        self.epsilon = epsilon
    }

    public func backward(_ op: any Operator, pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        var gradients = try op.backward(pass, outputGradients: outputGradients)
        guard let plain = gradients.first ?? nil else { return gradients }
        let (input, inputReference) = try ReferencePairs.split(pass.inputs[0])
        let (output, outputReference) = try ReferencePairs.split(pass.outputs[0])
        let (inputDifference, outputDifference) = (try input - inputReference, try output - outputReference)
        let incoming = outputGradients[0]
        gradients[0] = ReferencePairs.replacing(plain, inputDifference: inputDifference, epsilon: epsilon) { index, difference in
            incoming.scalars[index] * outputDifference.scalars[index % outputDifference.count] / difference
        }
        return gradients
    }
}
