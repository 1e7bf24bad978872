/// max(0, x). Guided backprop and deconvnet change its backward (see the rules).
public struct Relu: ElementwiseActivation {
    public init() {}
    public var type: String { "Relu" }
    public func value(_ x: Float) -> Float { max(0, x) }
    public func derivative(_ x: Float, output y: Float) -> Float { x > 0 ? 1 : 0 }
}
