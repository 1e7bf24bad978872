/// 1 / x.
public struct Reciprocal: ElementwiseActivation {
    public init() {}
    public var type: String { "Reciprocal" }
    public func value(_ x: Float) -> Float { 1 / x }
    public func derivative(_ x: Float, output y: Float) -> Float { -y * y }
}
