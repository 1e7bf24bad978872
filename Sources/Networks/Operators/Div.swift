import Tensor

public struct Div: BroadcastingArithmetic {
    public init() {}
    public var type: String { "Div" }
    public var arithmetic: ArithmeticOperation? { .divide }
    public func value(_ a: Float, _ b: Float) -> Float { a / b }
    public func partials(_ a: Float, _ b: Float, output y: Float) -> (Float, Float) { (1 / b, -y / b) }
}
