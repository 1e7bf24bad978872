/// 1 where a is greater than b, else 0.
public struct Greater: BroadcastingPredicate {
    public init() {}
    public var type: String { "Greater" }
    public func holds(_ a: Float, _ b: Float) -> Bool { a > b }
}
