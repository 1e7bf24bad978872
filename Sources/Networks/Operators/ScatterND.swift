import Tensor

/// Writes (or adds) blocks of `updates` into a copy of `data` at fixed index tuples (ONNX ScatterND with
/// constant indices; the importer folds it when all inputs are known, as Swin's attention mask is).
/// Each index tuple of length k addresses a block of data's trailing axes after the first k.
public struct ScatterND: Operator {
    public enum Reduction: String, Sendable { case none, add }

    /// The index tuples, flattened, and their shape (the last axis is the tuple length k).
    public var indices: [Int]
    public var indicesShape: [Int]
    public var reduction: Reduction

    public init(indices: [Int], indicesShape: [Int], reduction: Reduction = .none) {
        self.indices = indices
        self.indicesShape = indicesShape
        self.reduction = reduction
    }

    public var type: String { "ScatterND" }
    public var inputArity: ClosedRange<Int> { 2...2 }

    /// The offset of each addressed block in `data`, and the block size; checked against the shapes.
    func blocks(data: [Int], updates: [Int]) throws -> (offsets: [Int], size: Int) {
        guard let depth = indicesShape.last, depth <= data.count else {
            throw TensorError.invalidArgument("ScatterND indices of shape \(indicesShape) do not fit data of shape \(data)")
        }
        let expected = Array(indicesShape.dropLast()) + Array(data[depth...])
        guard updates == expected else {
            throw TensorError.shapeMismatch("ScatterND updates \(updates) should have shape \(expected)")
        }
        let size = data[depth...].reduce(1, *)
        let strides = Tensor.strides(of: data)
        let offsets = try stride(from: 0, to: indices.count, by: max(depth, 1)).map { start in
            try (0..<depth).reduce(0) { offset, axis in
                let index = indices[start + axis]
                guard (-data[axis]..<data[axis]).contains(index) else {
                    throw TensorError.invalidArgument("ScatterND index \(index) is out of range for axis \(axis) of \(data)")
                }
                return offset + (index < 0 ? index + data[axis] : index) * strides[axis]
            }
        }
        return (depth == 0 ? [0] : offsets, size)
    }

    public func forward(_ inputs: [Tensor], mode: ExecutionMode) throws -> [Tensor] {
        var result = inputs[0]
        let (offsets, size) = try blocks(data: inputs[0].shape, updates: inputs[1].shape)
        for (position, offset) in offsets.enumerated() {
            for element in 0..<size {
                let update = inputs[1].scalars[position * size + element]
                result.scalars[offset + element] = reduction == .add ? result.scalars[offset + element] + update : update
            }
        }
        return [result]
    }

    /// Without reduction a written block hides what data held there and only its last writer reaches
    /// the output; with addition both data and every update pass the gradient on.
    public func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        let dy = outputGradients[0]
        let (offsets, size) = try blocks(data: pass.inputs[0].shape, updates: pass.inputs[1].shape)
        var lastWriter: [Int: Int] = [:]
        for (position, offset) in offsets.enumerated() { lastWriter[offset] = position }
        var dData = pass.needsGradient[0] ? dy : nil
        var dUpdates = pass.needsGradient[1] ? Tensor(shape: pass.inputs[1].shape) : nil
        for (position, offset) in offsets.enumerated() {
            let reaches = reduction == .add || lastWriter[offset] == position
            for element in 0..<size {
                if reaches { dUpdates?.scalars[position * size + element] = dy.scalars[offset + element] }
                if reduction == .none { dData?.scalars[offset + element] = 0 }
            }
        }
        return [dData, dUpdates]
    }
}
