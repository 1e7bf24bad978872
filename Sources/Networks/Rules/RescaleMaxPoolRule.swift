import Tensor

/// DeepLIFT at a max pooling (MaxPool, GlobalMaxPool), as Captum's `DeepLift` treats max pooling:
/// a window's output change y − y′ is split at m = max(y, y′) into m − y′, credited to the input's
/// winning position, and y − m, credited to the reference's winning position (one of the two is
/// zero). Each credited change, times its half's incoming gradient, divided by the position's own
/// Δx, is the multiplier of both halves (see `ReferencePairs`); where |Δx| < ε the plain gradient stays.
///
/// The winning positions come from the operator's own backward, which adds where windows overlap
/// (Captum's unpooling keeps one of them).
public struct RescaleMaxPoolRule: BackwardRule {
    public var epsilon: Float

    public init(epsilon: Float = 1e-10) {
        self.epsilon = epsilon
    }

    public func backward(_ op: any Operator, pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        var gradients = try op.backward(pass, outputGradients: outputGradients)
        guard let plain = gradients.first ?? nil else { return gradients }
        let (input, inputReference) = try ReferencePairs.split(pass.inputs[0])
        let (output, outputReference) = try ReferencePairs.split(pass.outputs[0])
        let (incoming, incomingReference) = try ReferencePairs.split(outputGradients[0])
        let larger = try output.zip(outputReference) { max($0, $1) }

        func scattered(from input: Tensor, output: Tensor, _ gradient: Tensor) throws -> Tensor {
            let pass = OperatorPass(inputs: [input], outputs: [output], needsGradient: [true], mode: pass.mode)
            guard let scattered = try op.backward(pass, outputGradients: [gradient]).first ?? nil else {
                throw NetworkError.invalidInput("\(op.type) gave no input gradient for DeepLIFT's max-pool rule")
            }
            return scattered
        }
        let credited = try scattered(from: input, output: output, incoming * (larger - outputReference))
            + scattered(from: inputReference, output: outputReference, incomingReference * (output - larger))
        gradients[0] = ReferencePairs.replacing(plain, inputDifference: try input - inputReference, epsilon: epsilon) { index, difference in
            credited.scalars[index % credited.count] / difference
        }
        return gradients
    }
}
