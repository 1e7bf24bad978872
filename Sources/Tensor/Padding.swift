/// How Pad fills the border (the ONNX modes).
public enum PaddingMode: String, Sendable, Equatable, Hashable {
    case constant, reflect, edge
}

extension Tensor {
    /// Pads each axis by `before[i]` and `after[i]` elements (ONNX `pads` split in halves); negative crops.
    /// Returns the padded tensor; `sourceIndex` maps each output element to its source, or -1 for a constant.
    private func paddingSources(before: [Int], after: [Int], mode: PaddingMode) throws -> (shape: [Int], sources: [Int]) {
        guard before.count == rank, after.count == rank else {
            throw TensorError.invalidArgument("padding needs \(rank) values before and after for shape \(shape)")
        }
        let newShape = (0..<rank).map { shape[$0] + before[$0] + after[$0] }
        guard newShape.allSatisfy({ $0 >= 0 }) else {
            throw TensorError.invalidArgument("padding \(before) / \(after) crops more than shape \(shape) holds")
        }
        let strides = Tensor.strides(of: shape)
        var sources = [0]
        for axis in 0..<rank {
            let length = shape[axis]
            let axisSources: [Int] = try (0..<newShape[axis]).map { position in
                var index = position - before[axis]
                if index >= 0 && index < length { return index }
                switch mode {
                case .constant: return -1
                case .edge:
                    guard length > 0 else { return -1 }
                    index = min(max(index, 0), length - 1)
                case .reflect:
                    guard length > 1, before[axis] < length, after[axis] < length else {
                        throw TensorError.invalidArgument("reflect padding of \(before[axis])/\(after[axis]) needs dimension \(axis) of \(shape) to be larger")
                    }
                    index = index < 0 ? -index : 2 * (length - 1) - index
                }
                return index
            }
            sources = sources.flatMap { base in
                axisSources.map { base < 0 || $0 < 0 ? -1 : base + $0 * strides[axis] }
            }
        }
        return (newShape, sources)
    }

    public func padded(before: [Int], after: [Int], mode: PaddingMode = .constant, value: Float = 0) throws -> Tensor {
        let (newShape, sources) = try paddingSources(before: before, after: after, mode: mode)
        return try Tensor(shape: newShape, scalars: sources.map { $0 < 0 ? value : scalars[$0] })
    }

    /// The backward of `padded`: every output gradient added to the element it was copied from.
    public static func paddedBackward(_ gradient: Tensor, inputShape: [Int], before: [Int], after: [Int],
                                      mode: PaddingMode = .constant) throws -> Tensor {
        var result = Tensor(shape: inputShape)
        let (newShape, sources) = try result.paddingSources(before: before, after: after, mode: mode)
        guard newShape == gradient.shape else {
            throw TensorError.shapeMismatch("padding gradient \(gradient.shape) should be \(newShape)")
        }
        for (position, source) in sources.enumerated() where source >= 0 {
            result.scalars[source] += gradient.scalars[position]
        }
        return result
    }
}
