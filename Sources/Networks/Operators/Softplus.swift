import Foundation

/// ln(1 + eˣ), computed as max(x, 0) + ln(1 + e^−|x|) so that large |x| neither overflows nor loses the
/// small term.
public struct Softplus: ElementwiseActivation {
    public init() {}
    public var type: String { "Softplus" }
    public func value(_ x: Float) -> Float { max(x, 0) + log1pf(expf(-abs(x))) }
    public func derivative(_ x: Float, output y: Float) -> Float { 1 / (1 + expf(-x)) }
}
