import Tensor

/// The scale and zero point of ONNX's linear quantization, one pair for the whole tensor or one per
/// index along `axis` (per-channel weights): inputs 1 and 2 of QuantizeLinear and DequantizeLinear.
struct LinearQuantization {
    let scales: [Float]
    let zeroPoints: [Float]
    /// Elements after one step along the axis, and the axis's size (1 and 1 per tensor).
    let inner: Int
    let size: Int

    init(_ inputs: [Tensor], axis: Int, operator type: String) throws {
        let x = inputs[0], scale = inputs[1]
        let zeroPoint = inputs.count > 2 ? inputs[2] : Tensor(shape: scale.shape)
        guard zeroPoint.count == scale.count else {
            throw TensorError.shapeMismatch("\(type) has \(scale.count) scales but \(zeroPoint.count) zero points")
        }
        if scale.count == 1 {
            (inner, size) = (1, 1)
        } else {
            let resolved = axis < 0 ? axis + x.rank : axis
            guard (0..<x.rank).contains(resolved), x.shape[resolved] == scale.count else {
                throw TensorError.shapeMismatch("\(type) has \(scale.count) scales for axis \(axis) of input \(x.shape)")
            }
            (inner, size) = (x.shape[(resolved + 1)...].reduce(1, *), scale.count)
        }
        scales = scale.scalars
        zeroPoints = zeroPoint.scalars
    }

    /// A tensor of `x`'s shape whose element i is `transform(x[i], scale, zero point, i)`, with the
    /// scale and zero point that apply to element i.
    func mapped(_ x: Tensor, _ transform: (_ value: Float, _ scale: Float, _ zeroPoint: Float, _ index: Int) -> Float) -> Tensor {
        x.scalars.withUnsafeBufferPointer { values in
            Tensor(shape: x.shape) { out in
                for index in values.indices {
                    let channel = size == 1 ? 0 : (index / inner) % size
                    out[index] = transform(values[index], scales[channel], zeroPoints[channel], index)
                }
            }
        }
    }
}
