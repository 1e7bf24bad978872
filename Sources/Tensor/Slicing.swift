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
    /// The elements `slices` select (axes not named are kept whole; of two slices of one axis, the
    /// last) as a view of this tensor's storage.
    private func view(_ slices: [AxisSlice]) throws -> StridedView {
        var byAxis: [Int: AxisSlice] = [:]
        for slice in slices { byAxis[try normalizedAxis(slice.axis)] = slice }
        let strides = Tensor.strides(of: shape)
        var view = StridedView(shape: shape, strides: strides, offset: 0)
        for (axis, slice) in byAxis {
            let indices = try slice.indices(length: shape[axis])
            view.shape[axis] = indices.count
            view.strides[axis] = strides[axis] * slice.step
            view.offset += (indices.first ?? 0) * strides[axis]
        }
        return view
    }

    public func sliced(_ slices: [AxisSlice]) throws -> Tensor {
        let view = try view(slices)
        return view.gathered(from: scalars, shape: view.shape)
    }

    /// The backward of `sliced`: `gradient` scattered into zeros of `inputShape`.
    public static func slicedBackward(_ gradient: Tensor, inputShape: [Int], slices: [AxisSlice]) throws -> Tensor {
        var result = Tensor(shape: inputShape)
        let view = try result.view(slices)
        guard view.shape == gradient.shape || view.count == gradient.count else {
            throw TensorError.shapeMismatch("slice gradient \(gradient.shape) does not match the slice of \(inputShape)")
        }
        view.scatterAdd(gradient.scalars, into: &result.scalars)
        return result
    }
}
