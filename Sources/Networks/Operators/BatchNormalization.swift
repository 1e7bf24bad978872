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
        let channels = x.shape[1], blocks = x.shape[0] * channels, plane = x.count / max(blocks, 1)
        let perChannel = Double(x.shape[0] * plane)
        var sums = [Double](repeating: 0, count: channels), squares = sums
        x.scalars.withUnsafeBufferPointer { values in
            for block in 0..<blocks {
                var total: Double = 0
                for index in (block * plane)..<((block + 1) * plane) { total += Double(values[index]) }
                sums[block % channels] += total
            }
            for block in 0..<blocks {
                let center = sums[block % channels] / perChannel
                var total: Double = 0
                for index in (block * plane)..<((block + 1) * plane) {
                    let deviation = Double(values[index]) - center
                    total += deviation * deviation
                }
                squares[block % channels] += total
            }
        }
        return (sums.map { Float($0 / perChannel) }, squares.map { Float($0 / perChannel) })
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
        let x = inputs[0]
        let channels = x.shape[1], blocks = x.shape[0] * channels, plane = x.count / max(blocks, 1)
        let y = x.scalars.withUnsafeBufferPointer { values in
            Tensor(shape: x.shape) { out in
                for block in 0..<blocks {
                    let channel = block % channels
                    let factor = inputs[1].scalars[channel] / (variance[channel] + epsilon).squareRoot()
                    let shift = inputs[2].scalars[channel] - mean[channel] * factor
                    for index in (block * plane)..<((block + 1) * plane) { out[index] = values[index] * factor + shift }
                }
            }
        }
        return [y]
    }

    public func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        let (x, dy, scale) = (pass.inputs[0], outputGradients[0], pass.inputs[1])
        let (mean, variance) = statistics(pass.inputs, pass.mode)
        let channels = x.shape[1], blocks = x.shape[0] * channels, plane = x.count / max(blocks, 1)
        let perChannel = Float(x.shape[0] * plane)
        let inverseDeviations = variance.map { 1 / ($0 + epsilon).squareRoot() }
        let training = pass.mode.isTraining
        // Σ dy and Σ dy·x̂ per channel: the bias and scale gradients, and in training the share of the
        // batch statistics, which depend on x too. Attribution in inference needs neither.
        var sumGradient = [Float](repeating: 0, count: channels), sumGradientTimesNormalized = sumGradient
        if training || pass.needsGradient[1] || pass.needsGradient[2] {
            x.scalars.withUnsafeBufferPointer { xs in
                dy.scalars.withUnsafeBufferPointer { dys in
                    for block in 0..<blocks {
                        let channel = block % channels
                        let center = mean[channel]
                        var (total, weighted): (Float, Float) = (0, 0)
                        for index in (block * plane)..<((block + 1) * plane) {
                            total += dys[index]
                            weighted += dys[index] * (xs[index] - center)
                        }
                        sumGradient[channel] += total
                        sumGradientTimesNormalized[channel] += weighted * inverseDeviations[channel]
                    }
                }
            }
        }
        let dx: Tensor? = !pass.needsGradient[0] ? nil : x.scalars.withUnsafeBufferPointer { xs in
            dy.scalars.withUnsafeBufferPointer { dys in
                Tensor(shape: x.shape) { out in
                    for block in 0..<blocks {
                        let channel = block % channels
                        let inverse = inverseDeviations[channel]
                        let factor = scale.scalars[channel] * inverse
                        let range = (block * plane)..<((block + 1) * plane)
                        guard training else {
                            for index in range { out[index] = dys[index] * factor }
                            continue
                        }
                        let (center, meanGradient) = (mean[channel], sumGradient[channel] / perChannel)
                        let meanWeighted = sumGradientTimesNormalized[channel] / perChannel
                        for index in range {
                            out[index] = factor * (dys[index] - meanGradient - (xs[index] - center) * inverse * meanWeighted)
                        }
                    }
                }
            }
        }
        let shape = scale.shape
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
