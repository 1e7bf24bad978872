import Tensor

/// Picks entries along `axis` at fixed indices (ONNX Gather with constant indices, e.g. a ViT's CLS
/// token `x[:, 0]`); the output has the indices' shape in place of that axis.
public struct Gather: Operator {
    public var axis: Int
    public var indices: [Int]
    public var indicesShape: [Int]

    public init(axis: Int = 0, indices: [Int], indicesShape: [Int]) {
        precondition(indicesShape.reduce(1, *) == indices.count, "Gather indices \(indices) do not fill shape \(indicesShape)")
        self.axis = axis
        self.indices = indices
        self.indicesShape = indicesShape
    }

    public var type: String { "Gather" }

    /// (outer, axis length, inner) of `shape` around the gathered axis, and the indices resolved against it.
    private func layout(_ shape: [Int]) throws -> (outer: Int, length: Int, inner: Int, resolved: [Int], axis: Int) {
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
        let (outer, length, inner, resolved, axis) = try layout(x.shape)
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
        guard pass.needsGradient[0] else { return [nil] }
        let (outer, length, inner, resolved, _) = try layout(pass.inputs[0].shape)
        var gradient = Tensor(shape: pass.inputs[0].shape)
        let seed = outputGradients[0].scalars
        for row in 0..<outer {
            for (position, index) in resolved.enumerated() {
                let target = (row * length + index) * inner
                let source = (row * resolved.count + position) * inner
                for offset in 0..<inner { gradient.scalars[target + offset] += seed[source + offset] }
            }
        }
        return [gradient]
    }
}
