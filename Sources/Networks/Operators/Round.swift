/// x rounded to the nearest integer, halves to even as ONNX specifies; its gradient is zero.
public struct Round: ElementwiseActivation {
    public init() {}
    public var type: String { "Round" }
    public func value(_ x: Float) -> Float { x.rounded(.toNearestOrEven) }
    public func derivative(_ x: Float, output y: Float) -> Float { 0 }
}
