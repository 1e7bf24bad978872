import Tensor

/// ONNX DequantizeLinear: x = (q − zero_point) · scale, per tensor or per index along `axis`. On
/// constant weights the importer folds it away; on activations it follows a QuantizeLinear.
public struct DequantizeLinear: Operator {
    public var axis: Int

    public init(axis: Int = 1) {
        self.axis = axis
    }

    public var type: String { "DequantizeLinear" }
    public var inputArity: ClosedRange<Int> { 2...3 }

    public func forward(_ inputs: [Tensor], mode: ExecutionMode) throws -> [Tensor] {
        let quantization = try LinearQuantization(inputs, axis: axis, operator: type)
        return [quantization.mapped(inputs[0]) { q, scale, zeroPoint, _ in (q - zeroPoint) * scale }]
    }

    /// ∂x/∂q = scale.
    public func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        guard pass.needsGradient[0] else { return Array(repeating: nil, count: pass.inputs.count) }
        let quantization = try LinearQuantization(pass.inputs, axis: axis, operator: type)
        let dq = quantization.mapped(outputGradients[0]) { seed, scale, _, _ in seed * scale }
        return [dq] + Array(repeating: nil, count: pass.inputs.count - 1)
    }
}
