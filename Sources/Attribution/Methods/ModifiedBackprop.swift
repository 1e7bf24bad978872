import Networks
import Tensor

/// A gradient under modified backward rules at the ReLUs: Guided Backprop (Springenberg et al.
/// 2015) or Deconvnet (Zeiler & Fergus 2014). The rules are the engine's; the model is untouched.
public struct ModifiedBackprop: AttributionMethod {
    public enum Variant: String, Sendable, CaseIterable {
        case guidedBackprop = "gbp"
        case deconvnet

        var composite: Composite {
            switch self {
            case .guidedBackprop: .guidedBackprop
            case .deconvnet: .deconvnet
            }
        }
    }

    public var variant: Variant

    public init(_ variant: Variant) {
        self.variant = variant
    }

    public var name: String { variant.rawValue }
    public var parameters: [String: String] { [:] }

    public func attribute(_ inputs: Tensor, targets: [Int], model: Network, progress: Progress) throws -> Tensor {
        try model.inputGradients(inputs, targets: targets, composite: variant.composite, progress: progress)
    }
}
