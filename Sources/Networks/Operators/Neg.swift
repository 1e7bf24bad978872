/// −x.
public struct Neg: ElementwiseActivation {
    public init() {}
    public var type: String { "Neg" }
    public func value(_ x: Float) -> Float { -x }
    public func derivative(_ x: Float, output y: Float) -> Float { -1 }
}
