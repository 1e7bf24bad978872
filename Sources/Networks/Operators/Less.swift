/// 1 where a is less than b, else 0.
public struct Less: BroadcastingPredicate {
    public init() {}
    public var type: String { "Less" }
    public func holds(_ a: Float, _ b: Float) -> Bool { a < b }
}
