/// ⌊x⌋; piecewise constant, so its gradient is zero (as in PyTorch).
public struct Floor: ElementwiseActivation {
    public init() {}
    public var type: String { "Floor" }
    public func value(_ x: Float) -> Float { x.rounded(.down) }
    public func derivative(_ x: Float, output y: Float) -> Float { 0 }
}
