/// −1, 0 or 1 by the sign of x; piecewise constant, so its gradient is zero.
public struct Sign: ElementwiseActivation {
    public init() {}
    public var type: String { "Sign" }
    public func value(_ x: Float) -> Float { x > 0 ? 1 : x < 0 ? -1 : 0 }
    public func derivative(_ x: Float, output y: Float) -> Float { 0 }
}
