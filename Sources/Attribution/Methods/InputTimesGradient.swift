import Networks
import Tensor

/// x ⊙ ∂f/∂x (Shrikumar et al. 2016).
public struct InputTimesGradient: AttributionMethod {
    public init() {}

    public var name: String { "inputxgradient" }
    public var parameters: [String: String] { [:] }

    public func attribute(_ inputs: Tensor, targets: [Int], model: Network, progress: Progress) throws -> Tensor {
        try inputs * model.inputGradients(inputs, targets: targets, progress: progress)
    }
}
