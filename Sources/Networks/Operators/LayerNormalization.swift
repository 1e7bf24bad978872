import Tensor

/// Normalizes over the axes from `axis` to the end, then scales and shifts: inputs X, Scale, optional B.
public struct LayerNormalization: Operator {
    public var axis: Int
    public var epsilon: Float

    public init(axis: Int = -1, epsilon: Float = 1e-5) {
        self.axis = axis
        self.epsilon = epsilon
    }

    public var type: String { "LayerNormalization" }
    public var inputArity: ClosedRange<Int> { 2...3 }

    /// Rows to normalize and their length, from the input shape.
    private func layout(_ x: Tensor) throws -> (rows: Int, length: Int) {
        let resolved = try x.normalizedAxis(axis)
        let length = x.shape[resolved...].reduce(1, *)
        return (x.count / max(length, 1), length)
    }

    /// Each row's mean and 1/√(variance + ε).
    private func statistics(_ x: Tensor, rows: Int, length: Int) -> [(mean: Float, inverseDeviation: Float)] {
        (0..<rows).map { row in
            let values = x.scalars[(row * length)..<((row + 1) * length)]
            let mean = values.reduce(0, +) / Float(length)
            let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Float(length)
            return (mean, 1 / (variance + epsilon).squareRoot())
        }
    }

    public func forward(_ inputs: [Tensor], mode: ExecutionMode) throws -> [Tensor] {
        let x = inputs[0]
        let (rows, length) = try layout(x)
        guard inputs[1].count == length, inputs.count < 3 || inputs[2].count == length else {
            throw TensorError.shapeMismatch("LayerNormalization scale \(inputs[1].shape) must hold \(length) values for input \(x.shape)")
        }
        var y = x
        for (row, statistic) in statistics(x, rows: rows, length: length).enumerated() {
            for column in 0..<length {
                let index = row * length + column
                let normalized = (x.scalars[index] - statistic.mean) * statistic.inverseDeviation
                y.scalars[index] = normalized * inputs[1].scalars[column] + (inputs.count > 2 ? inputs[2].scalars[column] : 0)
            }
        }
        return [y]
    }

    public func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        let (x, scale, dy) = (pass.inputs[0], pass.inputs[1], outputGradients[0])
        let (rows, length) = try layout(x)
        var dx = Tensor(shape: x.shape)
        var dScale = Tensor(shape: scale.shape), dBias = Tensor(shape: scale.shape)
        for (row, statistic) in statistics(x, rows: rows, length: length).enumerated() {
            let base = row * length
            var meanGradient: Float = 0, meanGradientTimesNormalized: Float = 0
            for column in 0..<length {
                let normalized = (x.scalars[base + column] - statistic.mean) * statistic.inverseDeviation
                let g = dy.scalars[base + column] * scale.scalars[column]
                meanGradient += g
                meanGradientTimesNormalized += g * normalized
                dScale.scalars[column] += dy.scalars[base + column] * normalized
                dBias.scalars[column] += dy.scalars[base + column]
            }
            meanGradient /= Float(length)
            meanGradientTimesNormalized /= Float(length)
            for column in 0..<length {
                let normalized = (x.scalars[base + column] - statistic.mean) * statistic.inverseDeviation
                let g = dy.scalars[base + column] * scale.scalars[column]
                dx.scalars[base + column] = statistic.inverseDeviation * (g - meanGradient - normalized * meanGradientTimesNormalized)
            }
        }
        let gradients: [Tensor?] = [pass.needsGradient[0] ? dx : nil, pass.needsGradient[1] ? dScale : nil]
        return pass.inputs.count > 2 ? gradients + [pass.needsGradient[2] ? dBias : nil] : gradients
    }
}
