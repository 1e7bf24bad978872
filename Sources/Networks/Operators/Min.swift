/// The element-wise minimum of its inputs, broadcast together.
public struct Min: VariadicSelection {
    public init() {}
    public var type: String { "Min" }
    public func combine(_ a: Float, _ b: Float) -> Float { Swift.min(a, b) }
}
