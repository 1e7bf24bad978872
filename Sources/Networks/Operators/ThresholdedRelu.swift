/// x where x > alpha, 0 elsewhere.
public struct ThresholdedRelu: ElementwiseActivation {
    public var alpha: Float
    public init(alpha: Float = 1) { self.alpha = alpha }
    public var type: String { "ThresholdedRelu" }
    public func value(_ x: Float) -> Float { x > alpha ? x : 0 }
    public func derivative(_ x: Float, output y: Float) -> Float { x > alpha ? 1 : 0 }
}
