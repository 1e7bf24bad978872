import Tensor

/// DeepLIFT at a max pooling (MaxPool, GlobalMaxPool), as Captum's `DeepLift` treats max pooling:
/// a window's output change y − y′ is split at m = max(y, y′) into m − y′, credited to the input's
/// winning position, and y − m, credited to the reference's winning position (one of the two is
/// zero), each times its half's incoming gradient (see `DifferenceQuotientRule`).
///
/// The winning positions come from the operator's own backward, which adds where windows overlap
/// (Captum's unpooling keeps one of them).
public struct RescaleMaxPoolRule: DifferenceQuotientRule {
    public var epsilon: Float

    public init(epsilon: Float = 1e-10) {
        self.epsilon = epsilon
    }

    public func creditedChange(_ op: any Operator, pairs: ReferencePairs, pass: OperatorPass,
                               outputGradient: Tensor) throws -> (Int) -> Float {
        let (incoming, incomingReference) = try ReferencePairs.split(outputGradient)
        let larger = try pairs.output.zip(pairs.outputReference) { max($0, $1) }
        func scattered(from input: Tensor, output: Tensor, _ gradient: Tensor) throws -> Tensor {
            let pass = OperatorPass(inputs: [input], outputs: [output], needsGradient: [true], mode: pass.mode)
            guard let scattered = try op.backward(pass, outputGradients: [gradient]).first ?? nil else {
                throw NetworkError.invalidInput("\(op.type) gave no input gradient for DeepLIFT's max-pool rule")
            }
            return scattered
        }
        let credited = try scattered(from: pairs.input, output: pairs.output, incoming * (larger - pairs.outputReference))
            + scattered(from: pairs.inputReference, output: pairs.outputReference, incomingReference * (pairs.output - larger))
        return { element in credited.scalars[element % credited.count] }
    }
}
