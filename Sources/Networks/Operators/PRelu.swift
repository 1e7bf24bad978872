/// x for x ≥ 0, slope·x below, the slope (input 1) broadcast against x and learned.
public struct PRelu: BroadcastingArithmetic {
    public init() {}
    public var type: String { "PRelu" }
    public func value(_ x: Float, _ slope: Float) -> Float { x >= 0 ? x : slope * x }
    public func partials(_ x: Float, _ slope: Float, output y: Float) -> (Float, Float) {
        x >= 0 ? (1, 0) : (slope, x)
    }
}
