import Tensor

/// How a normalization groups its input: `count` rows of `length` contiguous elements, each centred
/// and scaled by its own mean and deviation, and which scale and bias element each element uses,
/// (row mod rowPeriod) · rowStride + column / columnBlock:
///
/// - LayerNormalization: rows are the leading axes; one parameter per column (period 1, block 1).
/// - InstanceNormalization: a row per image and channel; one parameter per row's channel.
/// - GroupNormalization: a row per image and group; one parameter per channel (a block of the row),
///   or per group in opset 18.
public struct NormalizedRows: Sendable, Equatable {
    public var count: Int
    public var length: Int
    public var rowPeriod: Int
    public var rowStride: Int
    public var columnBlock: Int

    public init(count: Int, length: Int, rowPeriod: Int = 1, rowStride: Int = 0, columnBlock: Int = 1) {
        self.count = count
        self.length = length
        self.rowPeriod = max(rowPeriod, 1)
        self.rowStride = rowStride
        self.columnBlock = max(columnBlock, 1)
    }

    /// How many scale (and bias) elements the layout reads.
    public var parameterCount: Int { (rowPeriod - 1) * rowStride + (length - 1) / columnBlock + 1 }

    /// The offset of row `row`'s first parameter.
    func parameterBase(row: Int) -> Int { (row % rowPeriod) * rowStride }

    /// `parameter` repeated to the shape of the normalized tensor: the scale each element is multiplied by.
    public func expanded(_ parameter: Tensor, shape: [Int]) -> Tensor {
        parameter.scalars.withUnsafeBufferPointer { values in
            Tensor(shape: shape) { out in
                for row in 0..<count {
                    let base = parameterBase(row: row)
                    for column in 0..<length { out[row * length + column] = values[base + column / columnBlock] }
                }
            }
        }
    }

    /// Each row's mean and 1/√(variance + ε), in two passes over the row.
    public func statistics(_ x: Tensor, epsilon: Float) -> [(mean: Float, inverseDeviation: Float)] {
        x.scalars.withUnsafeBufferPointer { values in
            (0..<count).map { row in
                let elements = UnsafeBufferPointer(rebasing: values[(row * length)..<((row + 1) * length)])
                let mean = Tensor.sumInLanes(elements) / Float(length)
                let variance = Tensor.squaredDeviationSumInLanes(elements, center: mean) / Float(length)
                return (mean, 1 / (variance + epsilon).squareRoot())
            }
        }
    }
}

/// A normalization over rows of its input followed by a per-element scale and bias (inputs X, scale,
/// bias): LayerNormalization, InstanceNormalization, GroupNormalization. They share one forward, one
/// backward and AttnLRP's LayerNorm rule.
public protocol RowNormalization: Operator {
    var epsilon: Float { get }
    /// The rows of an input of `shape`, or an error naming the shape when it does not fit.
    func rows(_ shape: [Int]) throws -> NormalizedRows
}

extension RowNormalization {
    /// The layout of `inputs`, checked against the scale and the bias.
    func layout(_ inputs: [Tensor]) throws -> NormalizedRows {
        let rows = try self.rows(inputs[0].shape)
        guard inputs[1].count == rows.parameterCount, inputs.count < 3 || inputs[2].count == rows.parameterCount else {
            throw TensorError.shapeMismatch("\(type) scale \(inputs[1].shape) and bias \(inputs.count > 2 ? inputs[2].shape : []) need \(rows.parameterCount) elements for input \(inputs[0].shape)")
        }
        return rows
    }

    public func forward(_ inputs: [Tensor], mode: ExecutionMode) throws -> [Tensor] {
        let x = inputs[0]
        let rows = try layout(inputs)
        let statistics = rows.statistics(x, epsilon: epsilon)
        let bias = inputs.count > 2 ? inputs[2].scalars : [Float](repeating: 0, count: rows.parameterCount)
        let y = x.scalars.withUnsafeBufferPointer { xs in
            inputs[1].scalars.withUnsafeBufferPointer { scale in
                bias.withUnsafeBufferPointer { bias in
                    Tensor(shape: x.shape) { out in
                        for (row, (mean, inverse)) in statistics.enumerated() {
                            let (base, parameters) = (row * rows.length, rows.parameterBase(row: row))
                            if rows.columnBlock == 1 {
                                for column in 0..<rows.length {
                                    out[base + column] = (xs[base + column] - mean) * inverse * scale[parameters + column]
                                        + bias[parameters + column]
                                }
                                continue
                            }
                            // One scale per block of columns: y = x·a + b with the block's a and b.
                            for start in stride(from: 0, to: rows.length, by: rows.columnBlock) {
                                let parameter = parameters + start / rows.columnBlock
                                let factor = inverse * scale[parameter], shift = bias[parameter] - mean * factor
                                for column in start..<min(start + rows.columnBlock, rows.length) {
                                    out[base + column] = xs[base + column] * factor + shift
                                }
                            }
                        }
                    }
                }
            }
        }
        return [y]
    }

    /// dx = (g − mean g − x̂ · mean(g x̂)) / σ per row, with g = dy ⊙ scale; the scale and bias
    /// gradients gather dy ⊙ x̂ and dy onto the element each position used.
    public func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        let (x, scale, dy) = (pass.inputs[0], pass.inputs[1], outputGradients[0])
        let rows = try layout(pass.inputs)
        let statistics = rows.statistics(x, epsilon: epsilon)
        let hasBias = pass.inputs.count > 2
        let needsParameters = pass.needsGradient[1] || (hasBias && pass.needsGradient[2])
        var dx = Tensor(shape: x.shape)
        var dScale = Tensor(shape: scale.shape), dBias = Tensor(shape: scale.shape)
        let length = Float(rows.length)
        x.scalars.withUnsafeBufferPointer { xs in
            dy.scalars.withUnsafeBufferPointer { dys in
                scale.scalars.withUnsafeBufferPointer { scales in
                    for (row, (mean, inverse)) in statistics.enumerated() {
                        let (base, parameters) = (row * rows.length, rows.parameterBase(row: row))
                        var (total, weighted): (Float, Float) = (0, 0)
                        for column in 0..<rows.length {
                            let parameter = parameters + column / rows.columnBlock
                            let normalized = (xs[base + column] - mean) * inverse
                            let g = dys[base + column] * scales[parameter]
                            total += g
                            weighted += g * normalized
                            if needsParameters {
                                dScale.scalars[parameter] += dys[base + column] * normalized
                                dBias.scalars[parameter] += dys[base + column]
                            }
                        }
                        let (meanGradient, meanWeighted) = (total / length, weighted / length)
                        dx.scalars.withUnsafeMutableBufferPointer { out in
                            for column in 0..<rows.length {
                                let normalized = (xs[base + column] - mean) * inverse
                                let g = dys[base + column] * scales[parameters + column / rows.columnBlock]
                                out[base + column] = inverse * (g - meanGradient - normalized * meanWeighted)
                            }
                        }
                    }
                }
            }
        }
        let gradients: [Tensor?] = [pass.needsGradient[0] ? dx : nil, pass.needsGradient[1] ? dScale : nil]
        return hasBias ? gradients + [pass.needsGradient[2] ? dBias : nil] : gradients
    }
}
