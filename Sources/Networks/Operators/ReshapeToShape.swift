import Tensor

/// ONNX Reshape to a target computed at run time (its second input), for graphs whose target follows
/// the batch in more ways than one -1 can express, e.g. `x.reshape(B, -1)` of a tensor with B × windows
/// rows. The target only shapes the output; it gets no gradient.
public struct ReshapeToShape: Operator {
    public var allowsZero: Bool
    public init(allowsZero: Bool = false) { self.allowsZero = allowsZero }
    public var type: String { "Reshape" }
    public var inputArity: ClosedRange<Int> { 2...2 }

    public func forward(_ inputs: [Tensor], mode: ExecutionMode) throws -> [Tensor] {
        let target = try inputs[1].scalars.map { size -> Int in
            guard size >= -1, size == size.rounded(), size <= Float(ConstantOfShape.largestCount) else {
                throw TensorError.invalidArgument("Reshape needs a target of integers, got \(inputs[1].scalars)")
            }
            return Int(size)
        }
        return try Reshape(shape: target, allowsZero: allowsZero).forward([inputs[0]], mode: mode)
    }

    public func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        [pass.needsGradient[0] ? try outputGradients[0].reshaped(pass.inputs[0].shape) : nil,
         pass.needsGradient[1] ? Tensor(shape: pass.inputs[1].shape) : nil]
    }
}
