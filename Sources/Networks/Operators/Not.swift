/// Logical not of a 0/1 tensor (any non-zero counts as true): 1 where x is 0, else 0. No gradient.
public struct Not: ElementwiseActivation {
    public init() {}
    public var type: String { "Not" }
    public func value(_ x: Float) -> Float { x == 0 ? 1 : 0 }
    public func derivative(_ x: Float, output y: Float) -> Float { 0 }
}
