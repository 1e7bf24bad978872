/// A strided range along one axis, as ONNX Slice describes it (negative indices count from the end).
public struct AxisSlice: Sendable, Equatable, Hashable {
    public var axis: Int
    public var start: Int
    public var end: Int
    public var step: Int

    public init(axis: Int, start: Int, end: Int, step: Int = 1) {
        self.axis = axis
        self.start = start
        self.end = end
        self.step = step
    }

    /// The indices selected from a dimension of `length`, clamped as ONNX clamps them.
    func indices(length: Int) throws -> [Int] {
        guard step != 0 else { throw TensorError.invalidArgument("slice step along axis \(axis) is 0") }
        func resolve(_ value: Int, low: Int, high: Int) -> Int {
            min(max(value < 0 ? value + length : value, low), high)
        }
        if step > 0 {
            return Array(stride(from: resolve(start, low: 0, high: length), to: resolve(end, low: 0, high: length), by: step))
        }
        return Array(stride(from: resolve(start, low: -1, high: length - 1), to: resolve(end, low: -1, high: length - 1), by: step))
    }
}

extension Tensor {
    /// The elements selected by `slices` (axes not named are kept whole), with the index map for backward.
    private func gatherIndices(_ slices: [AxisSlice]) throws -> (shape: [Int], sources: [Int]) {
        var selected = shape.map { Array(0..<$0) }
        for slice in slices {
            let axis = try normalizedAxis(slice.axis)
            selected[axis] = try slice.indices(length: shape[axis])
        }
        let strides = Tensor.strides(of: shape)
        var sources = [0]
        for axis in 0..<rank {
            sources = sources.flatMap { base in selected[axis].map { base + $0 * strides[axis] } }
        }
        return (selected.map(\.count), sources)
    }

    public func sliced(_ slices: [AxisSlice]) throws -> Tensor {
        let (newShape, sources) = try gatherIndices(slices)
        return try Tensor(shape: newShape, scalars: sources.map { scalars[$0] })
    }

    /// The backward of `sliced`: `gradient` scattered into zeros of `inputShape`.
    public static func slicedBackward(_ gradient: Tensor, inputShape: [Int], slices: [AxisSlice]) throws -> Tensor {
        var result = Tensor(shape: inputShape)
        let (_, sources) = try result.gatherIndices(slices)
        guard sources.count == gradient.count else {
            throw TensorError.shapeMismatch("slice gradient \(gradient.shape) does not match the slice of \(inputShape)")
        }
        for (position, source) in sources.enumerated() { result.scalars[source] += gradient.scalars[position] }
        return result
    }
}
