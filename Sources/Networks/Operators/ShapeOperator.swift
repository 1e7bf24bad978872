import Tensor

/// An operator that only changes the shape (Flatten, Reshape, Squeeze, Unsqueeze): its backward
/// gives the gradient the input's shape back.
public protocol ShapeOperator: Operator {
    func outputShape(for input: [Int]) throws -> [Int]
}

extension ShapeOperator {
    public func forward(_ inputs: [Tensor], mode: ExecutionMode) throws -> [Tensor] {
        let x = try onlyInput(inputs)
        return [try x.reshaped(outputShape(for: x.shape))]
    }

    public func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        [pass.needsGradient[0] ? try outputGradients[0].reshaped(pass.inputs[0].shape) : nil]
    }
}
