import Tensor

/// ONNX QuantizeLinear on activations: q = clamp(round(x / scale) + zero_point) to the integer
/// type's range, rounding halves to even as onnxruntime does. The integers stay in Float32 (exact
/// up to 2²⁴) for the DequantizeLinear that follows, so the pair is a fake quantization.
///
/// Backward is the straight-through estimator of quantization-aware training (PyTorch's
/// fake_quantize): ∂q/∂x = 1/scale where x fell inside the range, 0 where the clamp cut it off.
public struct QuantizeLinear: Operator {
    public var axis: Int
    /// The integer type's values, e.g. 0…255 for uint8, −128…127 for int8.
    public var range: ClosedRange<Float>

    public init(axis: Int = 1, range: ClosedRange<Float>) {
        self.axis = axis
        self.range = range
    }

    public var type: String { "QuantizeLinear" }
    public var inputArity: ClosedRange<Int> { 2...3 }

    private func unclamped(_ x: Float, _ scale: Float, _ zeroPoint: Float) -> Float {
        (x / scale).rounded(.toNearestOrEven) + zeroPoint
    }

    public func forward(_ inputs: [Tensor], mode: ExecutionMode) throws -> [Tensor] {
        let quantization = try LinearQuantization(inputs, axis: axis, operator: type)
        return [quantization.mapped(inputs[0]) { x, scale, zeroPoint, _ in
            min(max(unclamped(x, scale, zeroPoint), range.lowerBound), range.upperBound)
        }]
    }

    public func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        guard pass.needsGradient[0] else { return Array(repeating: nil, count: pass.inputs.count) }
        let quantization = try LinearQuantization(pass.inputs, axis: axis, operator: type)
        let dy = outputGradients[0]
        let dx = dy.scalars.withUnsafeBufferPointer { seeds in
            quantization.mapped(pass.inputs[0]) { x, scale, zeroPoint, index in
                range.contains(unclamped(x, scale, zeroPoint)) ? seeds[index] / scale : 0
            }
        }
        return [dx] + Array(repeating: nil, count: pass.inputs.count - 1)
    }
}
