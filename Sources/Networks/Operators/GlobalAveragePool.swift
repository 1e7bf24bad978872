import Tensor

/// The mean over all spatial positions: N×C×H×W → N×C×1×1.
public struct GlobalAveragePool: Operator {
    public init() {}
    public var type: String { "GlobalAveragePool" }

    public func forward(_ inputs: [Tensor], mode: ExecutionMode) throws -> [Tensor] {
        let x = try onlyInput(inputs)
        guard x.rank >= 3 else {
            throw TensorError.shapeMismatch("GlobalAveragePool needs N×C×spatial input, got \(x.shape)")
        }
        return [try x.mean(alongAxes: Array(2..<x.rank))]
    }

    public func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        guard pass.needsGradient[0] else { return [nil] }
        let x = pass.inputs[0]
        let positions = Float(x.shape[2...].reduce(1, *))
        return [try Tensor.broadcasting(Tensor(shape: x.shape), outputGradients[0]) { _, g in g / positions }]
    }
}
