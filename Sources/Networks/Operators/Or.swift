/// Logical or of 0/1 tensors (any non-zero counts as true): 1 where either is true, else 0.
public struct Or: BroadcastingPredicate {
    public init() {}
    public var type: String { "Or" }
    public func holds(_ a: Float, _ b: Float) -> Bool { (a != 0) || (b != 0) }
}
