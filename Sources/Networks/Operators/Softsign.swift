/// x / (1 + |x|).
public struct Softsign: ElementwiseActivation {
    public init() {}
    public var type: String { "Softsign" }
    public func value(_ x: Float) -> Float { x / (1 + abs(x)) }
    public func derivative(_ x: Float, output y: Float) -> Float {
        let denominator = 1 + abs(x)
        return 1 / (denominator * denominator)
    }
}
