/// The element-wise maximum of its inputs, broadcast together.
public struct Max: VariadicSelection {
    public init() {}
    public var type: String { "Max" }
    public func combine(_ a: Float, _ b: Float) -> Float { Swift.max(a, b) }
}
