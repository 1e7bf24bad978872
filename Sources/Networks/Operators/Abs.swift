/// |x|; its derivative at 0 is taken as 0, as PyTorch's is.
public struct Abs: ElementwiseActivation {
    public init() {}
    public var type: String { "Abs" }
    public func value(_ x: Float) -> Float { abs(x) }
    public func derivative(_ x: Float, output y: Float) -> Float { x > 0 ? 1 : x < 0 ? -1 : 0 }
}
