/// √x.
public struct Sqrt: ElementwiseActivation {
    public init() {}
    public var type: String { "Sqrt" }
    public func value(_ x: Float) -> Float { x.squareRoot() }
    public func derivative(_ x: Float, output y: Float) -> Float { 0.5 / y }
}
