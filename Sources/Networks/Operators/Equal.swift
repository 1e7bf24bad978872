/// 1 where a equals b, else 0.
public struct Equal: BroadcastingPredicate {
    public init() {}
    public var type: String { "Equal" }
    public func holds(_ a: Float, _ b: Float) -> Bool { a == b }
}
