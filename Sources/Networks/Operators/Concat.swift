import Tensor

public struct Concat: Operator {
    public var axis: Int
    public init(axis: Int) { self.axis = axis }
    public var type: String { "Concat" }
    public var inputArity: ClosedRange<Int> { 1...Int.max }

    public func forward(_ inputs: [Tensor], mode: ExecutionMode) throws -> [Tensor] {
        [try Tensor.concatenated(inputs, alongAxis: axis)]
    }

    public func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        let resolved = try pass.outputs[0].normalizedAxis(axis)
        let pieces = try outputGradients[0].split(alongAxis: resolved, sizes: pass.inputs.map { $0.shape[resolved] })
        return zip(pieces, pass.needsGradient).map { $1 ? $0 : nil }
    }
}
