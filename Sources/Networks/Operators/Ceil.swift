/// ⌈x⌉; piecewise constant, so its gradient is zero (as in PyTorch).
public struct Ceil: ElementwiseActivation {
    public init() {}
    public var type: String { "Ceil" }
    public func value(_ x: Float) -> Float { x.rounded(.up) }
    public func derivative(_ x: Float, output y: Float) -> Float { 0 }
}
