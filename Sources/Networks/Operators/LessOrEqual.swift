/// 1 where a is at most b, else 0.
public struct LessOrEqual: BroadcastingPredicate {
    public init() {}
    public var type: String { "LessOrEqual" }
    public func holds(_ a: Float, _ b: Float) -> Bool { a <= b }
}
