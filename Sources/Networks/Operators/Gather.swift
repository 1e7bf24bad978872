import Tensor

/// Picks entries along `axis` (ONNX Gather): at fixed indices (constant in the graph, e.g. a ViT's CLS
/// token `x[:, 0]`), or at indices given as a second input computed at run time (a dynamo exporter's
/// `as_strided` over the batch). The output has the indices' shape in place of that axis; the indices
/// get no gradient.
public struct Gather: Operator {
    public var axis: Int
    public var indices: [Int]
    public var indicesShape: [Int]
    /// Whether the indices are the second input rather than `indices`.
    public let readsIndices: Bool

    public init(axis: Int = 0, indices: [Int], indicesShape: [Int]) {
        precondition(indicesShape.reduce(1, *) == indices.count, "Gather indices \(indices) do not fill shape \(indicesShape)")
        self.axis = axis
        self.indices = indices
        self.indicesShape = indicesShape
        readsIndices = false
    }

    /// A Gather whose indices are its second input.
    public init(axis: Int = 0) {
        self.axis = axis
        indices = []
        indicesShape = [0]
        readsIndices = true
    }

    public var type: String { "Gather" }
    public var inputArity: ClosedRange<Int> { readsIndices ? 2...2 : 1...1 }

    /// The indices and their shape: the fixed ones, or the second input's values.
    private func chosen(_ inputs: [Tensor]) throws -> (indices: [Int], shape: [Int]) {
        guard readsIndices else { return (indices, indicesShape) }
        let indices = try inputs[1].scalars.map { value -> Int in
            guard value == value.rounded(), abs(value) < Float(Int32.max) else {
                throw TensorError.invalidArgument("Gather index \(value) is not an integer")
            }
            return Int(value)
        }
        return (indices, inputs[1].shape)
    }

    /// (outer, axis length, inner) of `shape` around the gathered axis, and the indices resolved against it.
    private func layout(_ shape: [Int], _ indices: [Int]) throws -> (outer: Int, length: Int, inner: Int, resolved: [Int], axis: Int) {
        let axis = try Tensor(shape: shape.map { _ in 1 }).normalizedAxis(self.axis)
        let length = shape[axis]
        let resolved = try indices.map { index in
            guard (-length..<length).contains(index) else {
                throw TensorError.invalidArgument("Gather index \(index) is out of range for axis \(axis) of \(shape)")
            }
            return index < 0 ? index + length : index
        }
        return (shape[..<axis].reduce(1, *), length, shape[(axis + 1)...].reduce(1, *), resolved, axis)
    }

    public func forward(_ inputs: [Tensor], mode: ExecutionMode) throws -> [Tensor] {
        let x = try onlyInput(inputs)
        let (indices, indicesShape) = try chosen(inputs)
        let (outer, length, inner, resolved, axis) = try layout(x.shape, indices)
        var scalars: [Float] = []
        scalars.reserveCapacity(outer * resolved.count * inner)
        for row in 0..<outer {
            for index in resolved {
                let start = (row * length + index) * inner
                scalars.append(contentsOf: x.scalars[start..<(start + inner)])
            }
        }
        let shape = Array(x.shape[..<axis]) + indicesShape + Array(x.shape[(axis + 1)...])
        return [try Tensor(shape: shape, scalars: scalars)]
    }

    public func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        let indexGradient = pass.inputs.count > 1 && pass.needsGradient[1] ? Tensor(shape: pass.inputs[1].shape) : nil
        let unused: [Tensor?] = pass.inputs.count > 1 ? [indexGradient] : []
        guard pass.needsGradient[0] else { return [nil] + unused }
        let (outer, length, inner, resolved, _) = try layout(pass.inputs[0].shape, chosen(pass.inputs).indices)
        var gradient = Tensor(shape: pass.inputs[0].shape)
        let seed = outputGradients[0].scalars
        for row in 0..<outer {
            for (position, index) in resolved.enumerated() {
                let target = (row * length + index) * inner
                let source = (row * resolved.count + position) * inner
                for offset in 0..<inner { gradient.scalars[target + offset] += seed[source + offset] }
            }
        }
        return [gradient] + unused
    }
}
