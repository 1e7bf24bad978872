import Tensor

/// A new shape (ONNX gives it as a constant input; importers fold it here). 0 copies the input's
/// dimension unless `allowsZero`, -1 is inferred.
public struct Reshape: ShapeOperator {
    public var shape: [Int]
    public var allowsZero: Bool
    public init(shape: [Int], allowsZero: Bool = false) {
        self.shape = shape
        self.allowsZero = allowsZero
    }
    public var type: String { "Reshape" }

    public func outputShape(for input: [Int]) throws -> [Int] {
        let resolved = try shape.enumerated().map { axis, size in
            guard size == 0, !allowsZero else { return size }
            guard axis < input.count else {
                throw TensorError.invalidArgument("Reshape copies dimension \(axis), which \(input) does not have")
            }
            return input[axis]
        }
        return try Tensor(shape: input).reshaped(resolved).shape
    }
}
