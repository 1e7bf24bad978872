/// 1 where a is at least b, else 0.
public struct GreaterOrEqual: BroadcastingPredicate {
    public init() {}
    public var type: String { "GreaterOrEqual" }
    public func holds(_ a: Float, _ b: Float) -> Bool { a >= b }
}
