/// Logical xor of 0/1 tensors (any non-zero counts as true): 1 where exactly one is true, else 0.
public struct Xor: BroadcastingPredicate {
    public init() {}
    public var type: String { "Xor" }
    public func holds(_ a: Float, _ b: Float) -> Bool { (a != 0) != (b != 0) }
}
