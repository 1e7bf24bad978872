import Foundation

/// x · tanh(softplus(x)).
public struct Mish: ElementwiseActivation {
    public init() {}
    public var type: String { "Mish" }
    public func value(_ x: Float) -> Float { x * tanhf(Softplus().value(x)) }
    public func derivative(_ x: Float, output y: Float) -> Float {
        let t = tanhf(Softplus().value(x))
        return t + x * (1 - t * t) / (1 + expf(-x))
    }
}
