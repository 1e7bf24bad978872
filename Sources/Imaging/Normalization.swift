import Tensor

/// Per-channel `(x - mean) / std` for `N×C×H×W` inputs in [0, 1], and its inverse.
public struct Normalization: Sendable, Equatable {
    public let mean: [Float]
    public let std: [Float]

    /// Custom statistics, one per channel (or one for all channels).
    public init(mean: [Float], std: [Float]) throws {
        guard !mean.isEmpty, mean.count == std.count else {
            throw ImagingError.invalidArgument("normalization needs as many means as stds, got \(mean.count) and \(std.count)")
        }
        guard std.allSatisfy({ $0.isFinite && $0 != 0 }), mean.allSatisfy(\.isFinite) else {
            throw ImagingError.invalidArgument("normalization needs finite means and non-zero stds, got std \(std)")
        }
        self.mean = mean
        self.std = std
    }

    private init(checkedMean mean: [Float], std: [Float]) {
        self.mean = mean
        self.std = std
    }

    /// torchvision's ImageNet statistics.
    public static let imagenet = Normalization(checkedMean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225])
    /// Inputs stay in [0, 1].
    public static let unit = Normalization(checkedMean: [0], std: [1])
    /// Inputs mapped to [-1, 1].
    public static let symmetric = Normalization(checkedMean: [0.5], std: [0.5])

    /// A preset by its name: `imagenet`, `unit` or `symmetric`.
    public static func preset(named name: String) throws -> Normalization {
        switch name.lowercased() {
        case "imagenet": .imagenet
        case "unit": .unit
        case "symmetric": .symmetric
        default:
            throw ImagingError.invalidArgument("unknown normalization preset '\(name)' (use imagenet, unit or symmetric)")
        }
    }

    /// `(x - mean) / std` channel by channel.
    public func applied(to tensor: Tensor) throws -> Tensor {
        try transform(tensor) { value, channel in (value - mean[channel]) / std[channel] }
    }

    /// `x * std + mean`: back to [0, 1] pictures.
    public func inverted(_ tensor: Tensor) throws -> Tensor {
        try transform(tensor) { value, channel in value * std[channel] + mean[channel] }
    }

    private func transform(_ tensor: Tensor, _ body: (Float, Int) -> Float) throws -> Tensor {
        guard tensor.rank == 4 else {
            throw ImagingError.invalidArgument("normalization expects N×C×H×W, got shape \(tensor.shape)")
        }
        let channels = tensor.shape[1]
        guard mean.count == 1 || mean.count == channels else {
            throw ImagingError.invalidArgument("normalization has \(mean.count) channel statistics, the tensor \(channels) channels")
        }
        let planeSize = tensor.shape[2] * tensor.shape[3]
        var scalars = tensor.scalars
        for index in scalars.indices {
            let channel = mean.count == 1 ? 0 : (index / planeSize) % channels
            scalars[index] = body(scalars[index], channel)
        }
        return tensor.replacingScalars(scalars)
    }
}
