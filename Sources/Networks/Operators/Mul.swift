import Tensor

public struct Mul: BroadcastingArithmetic {
    public init() {}
    public var type: String { "Mul" }
    public var arithmetic: ArithmeticOperation? { .multiply }
    public func value(_ a: Float, _ b: Float) -> Float { a * b }
    public func partials(_ a: Float, _ b: Float, output y: Float) -> (Float, Float) { (b, a) }
}
