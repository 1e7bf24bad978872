import Networks
import Tensor

/// The gradient of the target's logit with respect to the input (Simonyan et al. 2014); its
/// magnitude by default, as Captum's `Saliency(abs=True)`.
public struct Saliency: AttributionMethod {
    public var absolute: Bool

    public init(absolute: Bool = true) {
        self.absolute = absolute
    }

    public var name: String { "gradient" }
    public var parameters: [String: String] { ["abs": String(absolute)] }

    public func attribute(_ inputs: Tensor, targets: [Int], model: Network, progress: Progress) throws -> Tensor {
        let gradients = try model.inputGradients(inputs, targets: targets, progress: progress)
        return absolute ? gradients.map(abs) : gradients
    }
}
