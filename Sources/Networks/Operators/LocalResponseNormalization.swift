import Foundation
import Tensor

/// ONNX LRN across channels: y = x / (bias + alpha/size · Σ x²)^beta over a window of `size` channels.
public struct LocalResponseNormalization: Operator {
    public var size: Int
    public var alpha: Float
    public var beta: Float
    public var bias: Float

    public init(size: Int, alpha: Float = 1e-4, beta: Float = 0.75, bias: Float = 1) {
        self.size = size
        self.alpha = alpha
        self.beta = beta
        self.bias = bias
    }

    public var type: String { "LRN" }

    /// The channels summed for channel c: [c − ⌊(size−1)/2⌋, c + ⌈(size−1)/2⌉] within range.
    private func window(_ channel: Int, channels: Int) -> ClosedRange<Int> {
        max(0, channel - (size - 1) / 2)...min(channels - 1, channel + size / 2)
    }

    /// bias + alpha/size · Σ x² for every element.
    private func denominators(_ x: Tensor) throws -> Tensor {
        guard x.rank >= 2 else { throw TensorError.shapeMismatch("LRN needs N×C×… input, got \(x.shape)") }
        let (batch, channels, plane) = (x.shape[0], x.shape[1], x.count / max(x.shape[0] * x.shape[1], 1))
        var result = Tensor(shape: x.shape, repeating: bias)
        for image in 0..<batch {
            for channel in 0..<channels {
                for neighbour in window(channel, channels: channels) {
                    for position in 0..<plane {
                        let value = x.scalars[(image * channels + neighbour) * plane + position]
                        result.scalars[(image * channels + channel) * plane + position] += alpha / Float(size) * value * value
                    }
                }
            }
        }
        return result
    }

    public func forward(_ inputs: [Tensor], mode: ExecutionMode) throws -> [Tensor] {
        let x = try onlyInput(inputs)
        return [try x.zip(denominators(x)) { $0 * powf($1, -beta) }]
    }

    public func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        guard pass.needsGradient[0] else { return [nil] }
        let (x, dy) = (pass.inputs[0], outputGradients[0])
        let s = try denominators(x)
        let (batch, channels, plane) = (x.shape[0], x.shape[1], x.count / max(x.shape[0] * x.shape[1], 1))
        var dx = try dy.zip(s) { $0 * powf($1, -beta) }
        // Each y_j depends on x_i through s_j when i lies in j's window.
        for image in 0..<batch {
            for channel in 0..<channels {
                for neighbour in window(channel, channels: channels) {
                    for position in 0..<plane {
                        let j = (image * channels + channel) * plane + position
                        let i = (image * channels + neighbour) * plane + position
                        dx.scalars[i] -= 2 * alpha * beta / Float(size) * x.scalars[i]
                            * dy.scalars[j] * x.scalars[j] * powf(s.scalars[j], -beta - 1)
                    }
                }
            }
        }
        return [dx]
    }
}
