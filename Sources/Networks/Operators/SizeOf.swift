import Tensor

/// ONNX Size at run time: the input's number of elements, as a scalar. It passes no gradient.
public struct SizeOf: Operator {
    public init() {}
    public var type: String { "Size" }

    public func forward(_ inputs: [Tensor], mode: ExecutionMode) throws -> [Tensor] {
        [Tensor(scalar: Float(try onlyInput(inputs).count))]
    }

    public func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        [pass.needsGradient[0] ? Tensor(shape: pass.inputs[0].shape) : nil]
    }
}
