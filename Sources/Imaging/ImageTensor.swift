import Tensor

extension Image {
    /// The picture as a `1×3×H×W` tensor with samples in [0, 1] (gray replicated, alpha dropped),
    /// the layout every classifier in the workbench takes before normalization.
    public func tensor() -> Tensor {
        let source = rgb().pixels
        let planeSize = width * height
        var scalars = [Float](repeating: 0, count: 3 * planeSize)
        for index in 0..<planeSize {
            for channel in 0..<3 {
                scalars[channel * planeSize + index] = Float(source[3 * index + channel]) / 255
            }
        }
        return Tensor(shape: [1, 3, height, width], repeating: 0).replacingScalars(scalars)
    }

    /// A picture from a tensor of shape `[1, C, H, W]`, `[C, H, W]` or `[H, W]` with C = 1 or 3,
    /// mapping `range` to 0...255 (values outside are clamped). Use `Normalization.inverted` first
    /// for a normalized network input.
    public init(tensor: Tensor, range: ClosedRange<Float> = 0...1) throws {
        let planes = try PlaneShape(of: tensor)
        guard planes.count == 1 || planes.count == 3 else {
            throw ImagingError.invalidArgument("an image tensor needs 1 or 3 channels, not shape \(tensor.shape)")
        }
        guard range.upperBound > range.lowerBound else {
            throw ImagingError.invalidArgument("empty value range \(range)")
        }
        let planeSize = planes.height * planes.width
        let scale = 255 / (range.upperBound - range.lowerBound)
        var pixels = [UInt8](repeating: 0, count: planeSize * planes.count)
        for index in 0..<planeSize {
            for channel in 0..<planes.count {
                let value = (tensor.scalars[channel * planeSize + index] - range.lowerBound) * scale
                pixels[index * planes.count + channel] = value.isNaN ? 0 : UInt8(min(max(value, 0), 255).rounded())
            }
        }
        self.init(unchecked: planes.width, planes.height, planes.count == 1 ? .gray : .rgb, pixels)
    }
}
