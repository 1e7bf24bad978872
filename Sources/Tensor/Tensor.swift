/// A dense Float32 tensor in row-major (NCHW for images) layout.
///
/// A value type: copies share storage until one of them writes (Swift arrays are copy-on-write),
/// so passing tensors around is cheap and no caller can change another caller's data.
public struct Tensor: Sendable, Equatable {
    public private(set) var shape: [Int]
    public var scalars: [Float]

    /// A tensor of `shape` filled with `value`.
    public init(shape: [Int], repeating value: Float = 0) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in shape \(shape)")
        self.shape = shape
        self.scalars = [Float](repeating: value, count: shape.reduce(1, *))
    }

    /// A tensor of `shape` holding `scalars` in row-major order.
    public init(shape: [Int], scalars: [Float]) throws {
        let count = shape.reduce(1, *)
        guard shape.allSatisfy({ $0 >= 0 }), count == scalars.count else {
            throw TensorError.shapeMismatch(
                "shape \(shape) holds \(count) elements, but \(scalars.count) were given")
        }
        self.shape = shape
        self.scalars = scalars
    }

    /// A rank-0 tensor.
    public init(scalar: Float) {
        self.shape = []
        self.scalars = [scalar]
    }

    public var rank: Int { shape.count }
    public var count: Int { scalars.count }

    /// The same elements under another shape with as many elements; one dimension may be -1.
    public func reshaped(_ newShape: [Int]) throws -> Tensor {
        var resolved = newShape
        if let inferred = newShape.firstIndex(of: -1) {
            let known = newShape.enumerated().filter { $0.offset != inferred }.map(\.element).reduce(1, *)
            guard known > 0, count % known == 0 else {
                throw TensorError.shapeMismatch("cannot reshape \(shape) to \(newShape)")
            }
            resolved[inferred] = count / known
        }
        var copy = self
        guard resolved.allSatisfy({ $0 >= 0 }), resolved.reduce(1, *) == count else {
            throw TensorError.shapeMismatch("cannot reshape \(shape) to \(newShape)")
        }
        copy.shape = resolved
        return copy
    }

    /// Row-major strides of `shape`, in elements.
    public static func strides(of shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var running = 1
        for axis in shape.indices.reversed() {
            strides[axis] = running
            running *= shape[axis]
        }
        return strides
    }
}

/// Errors that name the shapes or values involved, so that a user can see what to change.
public enum TensorError: Error, Equatable, CustomStringConvertible {
    case shapeMismatch(String)
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .shapeMismatch(let message): "shape mismatch: \(message)"
        case .invalidArgument(let message): "invalid argument: \(message)"
        }
    }
}
