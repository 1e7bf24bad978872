import Tensor

/// Softmax along one axis (ONNX opset ≥ 13 semantics; default the last axis).
public struct Softmax: Operator {
    public var axis: Int
    public init(axis: Int = -1) { self.axis = axis }
    public var type: String { "Softmax" }

    public func forward(_ inputs: [Tensor], mode: ExecutionMode) throws -> [Tensor] {
        [try onlyInput(inputs).softmax(alongAxis: axis)]
    }

    public func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        guard pass.needsGradient[0] else { return [nil] }
        // dx = y ⊙ (dy − Σ dy ⊙ y) along the axis.
        let y = pass.outputs[0], dy = outputGradients[0]
        let weighted = try dy * y
        let total = try weighted.sum(alongAxes: [axis])
        return [try weighted - (y * total)]
    }
}
