import Tensor

extension Tensor {
    /// The central `height × width` window of every plane of this `…×H×W` tensor. When the excess
    /// is odd the window sits one pixel nearer the top/left, as torchvision's `CenterCrop` rounds.
    public func centerCropped(height: Int, width: Int) throws -> Tensor {
        let planes = try PlaneShape(of: self)
        guard height > 0, width > 0, height <= planes.height, width <= planes.width else {
            throw ImagingError.invalidArgument(
                "cannot crop \(height)×\(width) out of \(planes.height)×\(planes.width)")
        }
        let top = Int((Double(planes.height - height) / 2).rounded())
        let left = Int((Double(planes.width - width) / 2).rounded())
        var output = [Float]()
        output.reserveCapacity(planes.count * height * width)
        for plane in 0..<planes.count {
            for y in 0..<height {
                let start = (plane * planes.height + top + y) * planes.width + left
                output.append(contentsOf: scalars[start..<(start + width)])
            }
        }
        var shape = self.shape
        shape[shape.count - 2] = height
        shape[shape.count - 1] = width
        return try Tensor(shape: shape, scalars: output)
    }
}
