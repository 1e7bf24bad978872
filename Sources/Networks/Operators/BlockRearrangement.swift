import Tensor

/// An operator that moves elements between the channel axis and blocks of the spatial axes of an
/// N×C×H×W tensor (DepthToSpace, SpaceToDepth): a reshape, a transpose and a reshape, whose backward
/// is the same three steps undone.
public protocol BlockRearrangement: Operator {
    /// The input's shape split so that the transpose can move the block axes, the permutation, and
    /// the output's shape; or an error naming the input shape.
    func layout(_ shape: [Int]) throws -> (split: [Int], permutation: [Int], output: [Int])
}

extension BlockRearrangement {
    public func forward(_ inputs: [Tensor], mode: ExecutionMode) throws -> [Tensor] {
        let x = try onlyInput(inputs)
        let (split, permutation, output) = try layout(x.shape)
        return [try x.reshaped(split).transposed(permutation).reshaped(output)]
    }

    public func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        guard pass.needsGradient[0] else { return [nil] }
        let (split, permutation, _) = try layout(pass.inputs[0].shape)
        return [try outputGradients[0].reshaped(permutation.map { split[$0] })
            .transposed(Tensor.inversePermutation(permutation)).reshaped(pass.inputs[0].shape)]
    }
}

extension Tensor {
    /// The sizes of an N×C×H×W shape, or an error naming the operator and the shape.
    static func imageSizes(_ shape: [Int], for operation: String) throws -> (batch: Int, channels: Int, height: Int, width: Int) {
        guard shape.count == 4 else { throw TensorError.shapeMismatch("\(operation) needs an N×C×H×W input, got \(shape)") }
        return (shape[0], shape[1], shape[2], shape[3])
    }
}
