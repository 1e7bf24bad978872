import Tensor

/// Normalizes over the axes from `axis` to the end, then scales and shifts: inputs X, Scale, optional B.
public struct LayerNormalization: RowNormalization {
    public var axis: Int
    public var epsilon: Float

    public init(axis: Int = -1, epsilon: Float = 1e-5) {
        self.axis = axis
        self.epsilon = epsilon
    }

    public var type: String { "LayerNormalization" }
    public var inputArity: ClosedRange<Int> { 2...3 }

    public func rows(_ shape: [Int]) throws -> NormalizedRows {
        let resolved = try Tensor(shape: shape.map { _ in 1 }).normalizedAxis(axis)
        let length = shape[resolved...].reduce(1, *)
        return NormalizedRows(count: shape.reduce(1, *) / max(length, 1), length: length)
    }
}
