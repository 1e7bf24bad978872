import Tensor

/// start, start + delta, … up to (not including) limit, from three scalar inputs known only at run
/// time (a range over the batch). The output is an index set, not differentiable.
public struct Range: Operator {
    public init() {}
    public var type: String { "Range" }
    public var inputArity: ClosedRange<Int> { 3...3 }

    public func forward(_ inputs: [Tensor], mode: ExecutionMode) throws -> [Tensor] {
        guard inputs.allSatisfy({ $0.count == 1 }) else {
            throw TensorError.invalidArgument("Range needs scalar start, limit and delta, got shapes \(inputs.map(\.shape))")
        }
        let (start, limit, delta) = (inputs[0].scalars[0], inputs[1].scalars[0], inputs[2].scalars[0])
        guard delta != 0, start.isFinite, limit.isFinite, delta.isFinite else {
            throw TensorError.invalidArgument("Range from \(start) to \(limit) by \(delta) has no end")
        }
        let count = max(0, Int(((limit - start) / delta).rounded(.up)))
        guard count <= ConstantOfShape.largestCount else {
            throw TensorError.invalidArgument("Range from \(start) to \(limit) by \(delta) has more than \(ConstantOfShape.largestCount) elements")
        }
        return [try Tensor(shape: [count], scalars: (0..<count).map { start + Float($0) * delta })]
    }

    public func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        pass.inputs.indices.map { pass.needsGradient[$0] ? Tensor(shape: pass.inputs[$0].shape) : nil }
    }
}
