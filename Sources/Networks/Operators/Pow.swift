import Foundation

public struct Pow: BroadcastingArithmetic {
    public init() {}
    public var type: String { "Pow" }
    public func value(_ a: Float, _ b: Float) -> Float { powf(a, b) }
    public func partials(_ a: Float, _ b: Float, output y: Float) -> (Float, Float) {
        // The exponent's partial a^b·ln a only exists for a > 0; elsewhere it is taken as 0.
        (b * powf(a, b - 1), a > 0 ? y * logf(a) : 0)
    }
}
