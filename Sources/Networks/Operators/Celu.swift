import Foundation

/// max(0, x) + min(0, alpha·(e^(x/alpha) − 1)).
public struct Celu: ElementwiseActivation {
    public var alpha: Float
    public init(alpha: Float = 1) { self.alpha = alpha }
    public var type: String { "Celu" }
    public func value(_ x: Float) -> Float { x > 0 ? x : alpha * expm1f(x / alpha) }
    public func derivative(_ x: Float, output y: Float) -> Float { x > 0 ? 1 : expf(x / alpha) }
}
