import Imaging
import Tensor

/// The reference input of path and reference methods (IG, GradientSHAP, occlusion, RISE's substitute):
/// what "absence of the feature" means. It lives in the model's input space; the workbench turns
/// `black` and `white` into tensors with the model's normalisation.
public enum Baseline: Sendable, Equatable {
    case zeros
    /// The same value everywhere.
    case constant(Float)
    /// A given tensor, 1×C×H×W (shared) or N×C×H×W (one per input).
    case tensor(Tensor)
    /// Each input blurred by a Gaussian of this σ in pixels.
    case blurred(sigma: Double)
    /// Uniform noise in `low…high`, drawn from `seed`.
    case uniform(low: Float, high: Float, seed: UInt64)

    public var name: String {
        switch self {
        case .zeros: "zeros"
        case .constant(let value): "constant(\(value))"
        case .tensor(let tensor): "tensor(\(tensor.shape.map(String.init).joined(separator: "×")))"
        case .blurred(let sigma): "blur(σ=\(sigma))"
        case .uniform(let low, let high, let seed): "uniform(\(low)…\(high), seed \(seed))"
        }
    }

    /// The baseline of every input of `inputs`, N×C×H×W.
    public func tensor(for inputs: Tensor) throws -> Tensor {
        let shape = inputs.shape
        switch self {
        case .zeros:
            return Tensor(shape: shape)
        case .constant(let value):
            return Tensor(shape: shape, repeating: value)
        case .tensor(let given):
            if given.shape == shape { return given }
            guard given.shape == [1] + shape.dropFirst() else {
                throw AttributionError.shapeMismatch("a baseline of shape \(given.shape) for inputs \(shape): give 1×… or N×…")
            }
            return try Tensor(shape: shape, scalars: Array([[Float]](repeating: given.scalars, count: shape[0]).joined()))
        case .blurred(let sigma):
            guard sigma > 0, shape.count == 4 else {
                throw AttributionError.invalidArgument("a blurred baseline needs σ > 0 and N×C×H×W inputs")
            }
            let (height, width) = (shape[2], shape[3])
            let filter = GaussianFilter(sigma: sigma, truncate: 4)
            var blurred = inputs
            for plane in 0..<(shape[0] * shape[1]) {
                let range = (plane * height * width)..<((plane + 1) * height * width)
                let smoothed = filter.apply(inputs.scalars[range].map(Double.init), height: height, width: width)
                blurred.scalars.replaceSubrange(range, with: smoothed.map(Float.init))
            }
            return blurred
        case .uniform(let low, let high, let seed):
            var generator = SeededGenerator(seed: seed)
            return Tensor.uniform(shape: shape, low: low, high: high, generator: &generator)
        }
    }
}
