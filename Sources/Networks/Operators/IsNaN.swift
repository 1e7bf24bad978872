/// 1 where x is NaN, else 0. No gradient.
public struct IsNaN: ElementwiseActivation {
    public init() {}
    public var type: String { "IsNaN" }
    public func value(_ x: Float) -> Float { x.isNaN ? 1 : 0 }
    public func derivative(_ x: Float, output y: Float) -> Float { 0 }
}
