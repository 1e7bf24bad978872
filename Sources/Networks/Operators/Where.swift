import Tensor

/// X where the condition (input 0, non-zero for true) holds, Y elsewhere, all three broadcast together.
/// Each element's gradient goes to the input it came from; the condition gets none.
public struct Where: Operator {
    public init() {}
    public var type: String { "Where" }
    public var inputArity: ClosedRange<Int> { 3...3 }

    private func widened(_ inputs: [Tensor]) throws -> [Tensor] {
        let shape = try Tensor.broadcastShape(Tensor.broadcastShape(inputs[0].shape, inputs[1].shape), inputs[2].shape)
        return try inputs.map { try $0.broadcast(toShape: shape) }
    }

    public func forward(_ inputs: [Tensor], mode: ExecutionMode) throws -> [Tensor] {
        let wide = try widened(inputs)
        return [try Tensor.zip(wide[0], wide[1], wide[2]) { condition, x, y in condition != 0 ? x : y }]
    }

    public func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        let condition = try pass.inputs[0].broadcast(toShape: pass.outputs[0].shape)
        let dy = outputGradients[0]
        let chosen = pass.needsGradient[1] ? try dy.zip(condition) { $1 != 0 ? $0 : 0 }.summed(toShape: pass.inputs[1].shape) : nil
        let other = pass.needsGradient[2] ? try dy.zip(condition) { $1 != 0 ? 0 : $0 }.summed(toShape: pass.inputs[2].shape) : nil
        return [pass.needsGradient[0] ? Tensor(shape: pass.inputs[0].shape) : nil, chosen, other]
    }
}
