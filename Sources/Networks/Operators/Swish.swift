import Foundation

/// x · sigmoid(alpha·x) (ONNX opset 24; PyTorch's SiLU is alpha = 1).
public struct Swish: ElementwiseActivation {
    public var alpha: Float
    public init(alpha: Float = 1) { self.alpha = alpha }
    public var type: String { "Swish" }
    public func value(_ x: Float) -> Float { x / (1 + expf(-alpha * x)) }
    public func derivative(_ x: Float, output y: Float) -> Float {
        let s = 1 / (1 + expf(-alpha * x))
        return s + alpha * x * s * (1 - s)
    }
}
