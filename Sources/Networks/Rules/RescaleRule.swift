import Tensor

/// DeepLIFT's rescale rule (Shrikumar et al. 2017) at an elementwise nonlinearity: the gradient is
/// replaced by the multiplier Δy/Δx between each input and its reference, so that a layer's
/// contributions sum to the change of its output (see `DifferenceQuotientRule`).
public struct RescaleRule: DifferenceQuotientRule {
    public var epsilon: Float

    public init(epsilon: Float = 1e-10) {
        self.epsilon = epsilon
    }

    public func creditedChange(_ op: any Operator, pairs: ReferencePairs, pass: OperatorPass,
                               outputGradient: Tensor) throws -> (Int) -> Float {
        let outputDifference = try pairs.output - pairs.outputReference
        return { element in outputGradient.scalars[element] * outputDifference.scalars[element % outputDifference.count] }
    }
}
