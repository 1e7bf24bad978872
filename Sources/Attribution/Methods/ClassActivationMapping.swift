import Imaging
import Networks
import Tensor

/// The CAM family: a map at a layer's resolution from its activations A and the gradient G of the
/// target there, N×1×h×w, non-negative. Grad-CAM (Selvaraju et al. 2017), Grad-CAM++ (Chattopadhay
/// et al. 2018) and Layer-CAM (Jiang et al. 2021) as pytorch-grad-cam computes them (Grad-CAM++ with its
/// stabiliser 1e-6), before its per-image min-max normalisation and resizing; Grad-CAM equals Captum's
/// `LayerGradCam(relu_attributions: true)`. ReferenceParityTests checks both against the libraries.
public struct ClassActivationMapping: AttributionMethod {
    public enum Variant: String, Sendable, CaseIterable {
        case gradCAM = "gradcam"
        case gradCAMPlusPlus = "gradcampp"
        case layerCAM = "layercam"
    }

    public var variant: Variant
    /// The layer whose activations are weighted, in any layout `SpatialLayout` reads; nil picks the
    /// network's `defaultCAMLayer()` on every call.
    public var layer: String?

    public init(_ variant: Variant = .gradCAM, layer: String? = nil) {
        self.variant = variant
        self.layer = layer
    }

    public var name: String { variant.rawValue }
    public var parameters: [String: String] { ["layer": layer ?? "default"] }

    public func attribute(_ inputs: Tensor, targets: [Int], model: Network, progress: Progress) throws -> Tensor {
        var parts: [Tensor] = []
        let layer = try self.layer ?? model.defaultCAMLayer()
        for range in Tensor.chunks(of: inputs.batchCount, size: 32) {
            try progress.checkCancellation()
            let (_, activation, gradient) = try model.layerActivationAndGradient(
                inputs.batch(range), targets: Array(targets[range]), layer: layer)
            parts.append(try cam(activation: activation, gradient: gradient))
        }
        return try Tensor.concatenated(parts, alongAxis: 0)
    }

    /// The CAM of activations and gradients read as N×C×h×w.
    private func cam(activation: Tensor, gradient: Tensor) throws -> Tensor {
        let (count, channels, height, width) = (activation.shape[0], activation.shape[1], activation.shape[2], activation.shape[3])
        let plane = height * width
        var result = Tensor(shape: [count, 1, height, width])
        for item in 0..<count {
            for channel in 0..<channels {
                let base = (item * channels + channel) * plane
                let a = activation.scalars[base..<(base + plane)]
                let g = gradient.scalars[base..<(base + plane)]
                switch variant {
                case .gradCAM:
                    let weight = g.reduce(0, +) / Float(plane)
                    for position in 0..<plane { result.scalars[item * plane + position] += weight * a[base + position] }
                case .gradCAMPlusPlus:
                    let activationSum = a.reduce(0, +)
                    var weight: Float = 0
                    for position in 0..<plane {
                        let gradientValue = g[base + position]
                        guard gradientValue != 0 else { continue }
                        let squared = gradientValue * gradientValue
                        // pytorch-grad-cam's stabiliser is 1e-6; with gradients of order 1e-3 at a layer, g² is
                        // comparable to it, so another value changes the map by tens of percent.
                        let alpha = squared / (2 * squared + activationSum * squared * gradientValue + 1e-6)
                        weight += alpha * max(gradientValue, 0)
                    }
                    for position in 0..<plane { result.scalars[item * plane + position] += weight * a[base + position] }
                case .layerCAM:
                    for position in 0..<plane {
                        result.scalars[item * plane + position] += max(g[base + position], 0) * a[base + position]
                    }
                }
            }
        }
        return result.map { max($0, 0) }
    }

    /// Layer maps N×1×h×w brought to the input's H×W by bilinear interpolation.
    public static func upsampled(_ maps: Tensor, height: Int, width: Int) throws -> Tensor {
        guard maps.rank == 4 else { throw AttributionError.shapeMismatch("expected N×1×h×w layer maps, got \(maps.shape)") }
        if maps.shape[2] == height, maps.shape[3] == width { return maps }
        return try maps.resizedBilinear(height: height, width: width)
    }
}
