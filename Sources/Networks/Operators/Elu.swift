import Foundation

/// x for x > 0, alpha·(eˣ − 1) below.
public struct Elu: ElementwiseActivation {
    public var alpha: Float
    public init(alpha: Float = 1) { self.alpha = alpha }
    public var type: String { "Elu" }
    public func value(_ x: Float) -> Float { x > 0 ? x : alpha * expm1f(x) }
    public func derivative(_ x: Float, output y: Float) -> Float { x > 0 ? 1 : alpha * expf(x) }
}
