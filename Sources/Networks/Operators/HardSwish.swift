/// x · max(0, min(1, x/6 + 1/2)), as ONNX and MobileNet v3 define it.
public struct HardSwish: ElementwiseActivation {
    public init() {}
    public var type: String { "HardSwish" }
    public func value(_ x: Float) -> Float { x * max(0, min(1, x / 6 + 0.5)) }
    public func derivative(_ x: Float, output y: Float) -> Float {
        if x <= -3 { return 0 }
        if x >= 3 { return 1 }
        return x / 3 + 0.5
    }
}
