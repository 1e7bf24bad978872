/// x for x ≥ 0, alpha·x below.
public struct LeakyRelu: ElementwiseActivation {
    public var alpha: Float
    public init(alpha: Float = 0.01) { self.alpha = alpha }
    public var type: String { "LeakyRelu" }
    public func value(_ x: Float) -> Float { x >= 0 ? x : alpha * x }
    public func derivative(_ x: Float, output y: Float) -> Float { x >= 0 ? 1 : alpha }
}
