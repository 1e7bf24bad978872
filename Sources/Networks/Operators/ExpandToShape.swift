import Tensor

/// ONNX Expand to a target shape computed at run time (its second input), for graphs whose target
/// follows the batch other than by equalling it, e.g. Swin v2's normalization of q and k over
/// batch × windows. The target only sizes the output; it gets no gradient.
public struct ExpandToShape: Operator {
    public init() {}
    public var type: String { "Expand" }
    public var inputArity: ClosedRange<Int> { 2...2 }

    private func target(_ inputs: [Tensor]) throws -> [Int] {
        let requested = try inputs[1].scalars.map { size -> Int in
            guard size >= 0, size == size.rounded(), size <= Float(ConstantOfShape.largestCount) else {
                throw TensorError.invalidArgument("Expand needs a shape of non-negative integers, got \(inputs[1].scalars)")
            }
            return Int(size)
        }
        return try Tensor.broadcastShape(inputs[0].shape, requested)
    }

    public func forward(_ inputs: [Tensor], mode: ExecutionMode) throws -> [Tensor] {
        [try inputs[0].broadcast(toShape: target(inputs))]
    }

    public func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        [pass.needsGradient[0] ? try outputGradients[0].summed(toShape: pass.inputs[0].shape) : nil,
         pass.needsGradient[1] ? Tensor(shape: pass.inputs[1].shape) : nil]
    }
}
