import Networks
import Tensor

/// Layer-wise Relevance Propagation (Bach et al. 2015) under a Zennit-style composite, with AttnLRP's
/// rules at attention, softmax and LayerNorm (Achtibat et al. 2024; LXT's numbers, AttnLRPParityTests).
/// The output
/// relevance is the target's logit, so the input relevance sums (up to ε and biases) to f_c(x), as
/// in Captum; BatchNorm should be folded into its convolution first. The composites give Zennit's
/// numbers (0.5.1: `EpsilonPlusFlat`, `EpsilonGammaBox`, `EpsilonAlpha2Beta1Flat`) when Zennit's
/// attributor is given one-hot × f_c(x) as the output relevance (ReferenceParityTests).
public struct LayerwiseRelevancePropagation: AttributionMethod {
    public enum Rules: String, Sendable, CaseIterable {
        /// ε on every layer with weights: LXT's pairing with AttnLRP for transformers.
        case epsilon
        case epsilonPlus = "epsilon-plus"
        case epsilonPlusFlat = "epsilon-plus-flat"
        case epsilonAlpha2Beta1 = "epsilon-alpha2-beta1"
        case epsilonAlpha2Beta1Flat = "epsilon-alpha2-beta1-flat"
        case epsilonGammaBox = "epsilon-gamma-box"
    }

    public var rules: Rules
    public var epsilon: Float
    public var gamma: Float
    /// The lowest and highest valid input, for the box rule on the first layer, broadcast to the input:
    /// one value, or 1×C×1×1 for a normalised model, whose bounds differ by channel.
    public var inputBounds: (low: Tensor, high: Tensor)

    public init(rules: Rules = .epsilonPlusFlat, epsilon: Float = 1e-6, gamma: Float = 0.25,
                inputBounds: (low: Tensor, high: Tensor) = (Tensor(scalar: 0), Tensor(scalar: 1))) {
        self.rules = rules
        self.epsilon = epsilon
        self.gamma = gamma
        self.inputBounds = inputBounds
    }

    public var name: String { "lrp" }
    public var parameters: [String: String] {
        var parameters = ["composite": rules.rawValue, "epsilon": String(epsilon), "gamma": String(gamma)]
        if rules == .epsilonGammaBox {
            parameters["input range"] = "\(inputBounds.low.scalars.min() ?? 0)…\(inputBounds.high.scalars.max() ?? 0)"
        }
        return parameters
    }

    public func attribute(_ inputs: Tensor, targets: [Int], model: Network, progress: Progress) throws -> Tensor {
        try model.inputGradients(inputs, targets: targets, composite: composite(for: inputs), seedWithLogits: true,
                                 progress: progress)
    }

    func composite(for inputs: Tensor) throws -> Composite {
        switch rules {
        case .epsilon: return .epsilon(epsilon)
        case .epsilonPlus: return .epsilonPlus(epsilon: epsilon)
        case .epsilonPlusFlat: return .epsilonPlusFlat(epsilon: epsilon)
        case .epsilonAlpha2Beta1: return try .epsilonAlpha2Beta1(epsilon: epsilon)
        case .epsilonAlpha2Beta1Flat: return try .epsilonAlpha2Beta1Flat(epsilon: epsilon)
        case .epsilonGammaBox:
            let shape = [1] + inputs.shape.dropFirst()
            let zeros = Tensor(shape: shape, repeating: 0)
            func filling(_ bound: Tensor) throws -> Tensor {
                do { return try zeros + bound } catch {
                    throw AttributionError.shapeMismatch("LRP's input bounds \(bound.shape) do not broadcast to inputs \(inputs.shape)")
                }
            }
            return .epsilonGammaBox(low: try filling(inputBounds.low), high: try filling(inputBounds.high),
                                    epsilon: epsilon, gamma: gamma)
        }
    }
}
