import Networks
import Tensor

/// Guided Backprop times the upsampled Grad-CAM (Selvaraju et al. 2017): fine detail, restricted
/// to where the class is.
public struct GuidedGradCAM: AttributionMethod {
    public var layer: String?

    public init(layer: String? = nil) {
        self.layer = layer
    }

    public var name: String { "guided-gradcam" }
    public var parameters: [String: String] { ["layer": layer ?? "default"] }

    public func attribute(_ inputs: Tensor, targets: [Int], model: Network, progress: Progress) throws -> Tensor {
        let guided = try ModifiedBackprop(.guidedBackprop).attribute(inputs, targets: targets, model: model,
                                                                     progress: progress.stage(0, of: 2))
        let cams = try ClassActivationMapping(.gradCAM, layer: layer).attribute(inputs, targets: targets, model: model,
                                                                               progress: progress.stage(1, of: 2))
        let upsampled = try ClassActivationMapping.upsampled(cams, height: inputs.shape[2], width: inputs.shape[3])
        return try guided * upsampled
    }
}
