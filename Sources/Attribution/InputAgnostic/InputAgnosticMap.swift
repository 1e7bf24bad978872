import Tensor

/// An input-agnostic map of one class, with its model fidelity.
public struct InputAgnosticMap: Sendable {
    public var target: Int
    /// ρ after refinement (or the raw ρ when the refinement cost fidelity), C×H×W.
    public var perturbation: Tensor
    /// ρ of the first run, before averaging restarts and smoothing.
    public var rawPerturbation: Tensor
    /// The fooling rate of `perturbation`: the fraction of held-out samples that it sends to the class.
    public var fidelity: Float
    public var rawFidelity: Float
    /// The fraction of the same samples the model assigns to the class without any perturbation.
    public var baselineFoolingRate: Float
    public var refinementAccepted: Bool
    /// Every parameter, derived values filled in.
    public var parameters: InputAgnosticParameters

    /// ρ as a picture in [0, 1]: (ρ + η)/(2η) for ℓ∞, each channel's own min…max for ℓ2.
    public var image: Tensor {
        var picture = perturbation
        if parameters.norm == .infinity, let bound = parameters.bound {
            picture.scalars = picture.scalars.map { min(1, max(0, ($0 + bound) / (2 * bound))) }
            return picture
        }
        let plane = perturbation.count / perturbation.shape[0]
        for channel in 0..<perturbation.shape[0] {
            let range = (channel * plane)..<((channel + 1) * plane)
            let values = perturbation.scalars[range]
            let (low, high) = (values.min() ?? 0, values.max() ?? 0)
            let span = high - low
            picture.scalars.replaceSubrange(range, with: values.map { span > 0 ? ($0 - low) / span : 0.5 })
        }
        return picture
    }
}
