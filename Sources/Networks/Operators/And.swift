/// Logical and of 0/1 tensors (any non-zero counts as true): 1 where both are true, else 0.
public struct And: BroadcastingPredicate {
    public init() {}
    public var type: String { "And" }
    public func holds(_ a: Float, _ b: Float) -> Bool { (a != 0) && (b != 0) }
}
