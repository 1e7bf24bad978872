import Tensor

public struct Sub: BroadcastingArithmetic {
    public init() {}
    public var type: String { "Sub" }
    public var arithmetic: ArithmeticOperation? { .subtract }
    public func value(_ a: Float, _ b: Float) -> Float { a - b }
    public func partials(_ a: Float, _ b: Float, output y: Float) -> (Float, Float) { (1, -1) }
}
