import Foundation

/// gamma·x for x > 0, gamma·alpha·(eˣ − 1) below; the defaults are ONNX's (and PyTorch's) constants.
public struct Selu: ElementwiseActivation {
    public var alpha: Float
    public var gamma: Float
    public init(alpha: Float = 1.67326319217681884765625, gamma: Float = 1.05070102214813232421875) {
        self.alpha = alpha
        self.gamma = gamma
    }
    public var type: String { "Selu" }
    public func value(_ x: Float) -> Float { x > 0 ? gamma * x : gamma * alpha * expm1f(x) }
    public func derivative(_ x: Float, output y: Float) -> Float { x > 0 ? gamma : gamma * alpha * expf(x) }
}
