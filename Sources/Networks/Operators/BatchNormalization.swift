import Foundation
import Tensor

/// y = scale · (x − mean) / √(variance + ε) + bias per channel; inputs X, scale, B, mean, var.
///
/// In inference the stored statistics are used; in training the batch's, and the running
/// statistics move toward them by `momentum` (ONNX convention: running = running·m + batch·(1−m)).
public struct BatchNormalization: StatefulOperator {
    public var epsilon: Float
    public var momentum: Float

    public init(epsilon: Float = 1e-5, momentum: Float = 0.9) {
        self.epsilon = epsilon
        self.momentum = momentum
    }

    public var type: String { "BatchNormalization" }
    public var inputArity: ClosedRange<Int> { 5...5 }

    /// Per-channel mean and biased variance of an N×C×… batch.
    func batchStatistics(_ x: Tensor) -> (mean: [Float], variance: [Float]) {
        let channels = x.shape[1], plane = x.count / max(x.shape[0] * channels, 1)
        let perChannel = Float(x.shape[0] * plane)
        var mean = [Float](repeating: 0, count: channels), variance = mean
        for block in 0..<(x.shape[0] * channels) {
            var total: Double = 0
            for index in (block * plane)..<((block + 1) * plane) { total += Double(x.scalars[index]) }
            mean[block % channels] += Float(total) / perChannel
        }
        for block in 0..<(x.shape[0] * channels) {
            let center = mean[block % channels]
            var total: Double = 0
            for index in (block * plane)..<((block + 1) * plane) {
                let deviation = Double(x.scalars[index] - center)
                total += deviation * deviation
            }
            variance[block % channels] += Float(total) / perChannel
        }
        return (mean, variance)
    }

    /// The statistics this pass normalizes with.
    private func statistics(_ inputs: [Tensor], _ mode: ExecutionMode) -> (mean: [Float], variance: [Float]) {
        mode.isTraining ? batchStatistics(inputs[0]) : (inputs[3].scalars, inputs[4].scalars)
    }

    private func check(_ inputs: [Tensor]) throws {
        guard inputs[0].rank >= 2 else {
            throw TensorError.shapeMismatch("BatchNormalization needs N×C×… input, got \(inputs[0].shape)")
        }
        let channels = inputs[0].shape[1]
        for (position, name) in [(1, "scale"), (2, "bias"), (3, "mean"), (4, "variance")] where inputs[position].count != channels {
            throw TensorError.shapeMismatch("BatchNormalization \(name) \(inputs[position].shape) needs \(channels) elements for input \(inputs[0].shape)")
        }
    }

    public func forward(_ inputs: [Tensor], mode: ExecutionMode) throws -> [Tensor] {
        try check(inputs)
        let (mean, variance) = statistics(inputs, mode)
        var y = inputs[0]
        let channels = y.shape[1], plane = y.count / max(y.shape[0] * channels, 1)
        y.scalars.withUnsafeMutableBufferPointer { values in
            for block in 0..<(y.shape[0] * channels) {
                let channel = block % channels
                let factor = inputs[1].scalars[channel] / (variance[channel] + epsilon).squareRoot()
                let shift = inputs[2].scalars[channel] - mean[channel] * factor
                for index in (block * plane)..<((block + 1) * plane) { values[index] = values[index] * factor + shift }
            }
        }
        return [y]
    }

    public func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        let (x, dy) = (pass.inputs[0], outputGradients[0])
        let (mean, variance) = statistics(pass.inputs, pass.mode)
        let channels = x.shape[1], plane = x.count / max(x.shape[0] * channels, 1)
        let perChannel = Float(x.shape[0] * plane)
        var sumGradient = [Float](repeating: 0, count: channels), sumGradientTimesNormalized = sumGradient
        for block in 0..<(x.shape[0] * channels) {
            let channel = block % channels
            let inverseDeviation = 1 / (variance[channel] + epsilon).squareRoot()
            for index in (block * plane)..<((block + 1) * plane) {
                sumGradient[channel] += dy.scalars[index]
                sumGradientTimesNormalized[channel] += dy.scalars[index] * (x.scalars[index] - mean[channel]) * inverseDeviation
            }
        }
        var dx: Tensor? = nil
        if pass.needsGradient[0] {
            var gradient = dy
            for block in 0..<(x.shape[0] * channels) {
                let channel = block % channels
                let inverseDeviation = 1 / (variance[channel] + epsilon).squareRoot()
                let factor = pass.inputs[1].scalars[channel] * inverseDeviation
                for index in (block * plane)..<((block + 1) * plane) {
                    if pass.mode.isTraining {
                        // The batch statistics depend on x too: subtract their share of the gradient.
                        let normalized = (x.scalars[index] - mean[channel]) * inverseDeviation
                        gradient.scalars[index] = factor * (dy.scalars[index] - sumGradient[channel] / perChannel
                            - normalized * sumGradientTimesNormalized[channel] / perChannel)
                    } else {
                        gradient.scalars[index] *= factor
                    }
                }
            }
            dx = gradient
        }
        let shape = pass.inputs[1].shape
        let dScale = pass.needsGradient[1] ? try Tensor(shape: shape, scalars: sumGradientTimesNormalized) : nil
        let dBias = pass.needsGradient[2] ? try Tensor(shape: shape, scalars: sumGradient) : nil
        // Running statistics are state, not trained by gradient.
        return [dx, dScale, dBias, nil, nil]
    }

    public func updatedState(_ inputs: [Tensor]) throws -> [Int: Tensor] {
        try check(inputs)
        let (mean, variance) = batchStatistics(inputs[0])
        let perChannel = Float(inputs[0].count / inputs[0].shape[1])
        // Running variance is unbiased, as PyTorch keeps it, so exported models match.
        let correction = perChannel > 1 ? perChannel / (perChannel - 1) : 1
        let runningMean = zip(inputs[3].scalars, mean).map { $0 * momentum + $1 * (1 - momentum) }
        let runningVariance = zip(inputs[4].scalars, variance).map { $0 * momentum + $1 * correction * (1 - momentum) }
        return [3: try Tensor(shape: inputs[3].shape, scalars: runningMean),
                4: try Tensor(shape: inputs[4].shape, scalars: runningVariance)]
    }
}
