import Tensor

/// A tensor viewed as `count` planes of `height × width` (all leading dimensions flattened).
struct PlaneShape: Equatable {
    let count: Int
    let height: Int
    let width: Int

    init(of tensor: Tensor) throws {
        guard tensor.rank >= 2 else {
            throw ImagingError.invalidArgument("expected a tensor of at least rank 2 (…×H×W), got shape \(tensor.shape)")
        }
        height = tensor.shape[tensor.rank - 2]
        width = tensor.shape[tensor.rank - 1]
        count = tensor.shape.dropLast(2).reduce(1, *)
        guard height > 0, width > 0, count > 0 else {
            throw ImagingError.invalidArgument("tensor of shape \(tensor.shape) holds no pixels")
        }
    }
}

extension Tensor {
    /// The same shape holding `scalars` (whose count the caller has already made match).
    func replacingScalars(_ scalars: [Float]) -> Tensor {
        precondition(scalars.count == count, "scalar count \(scalars.count) does not match shape \(shape)")
        var copy = self
        copy.scalars = scalars
        return copy
    }
}
