/// Passes its input through (ONNX Identity; also what inference-mode Dropout is).
public struct Identity: ElementwiseActivation {
    public init() {}
    public var type: String { "Identity" }
    public func value(_ x: Float) -> Float { x }
    public func derivative(_ x: Float, output y: Float) -> Float { 1 }
}
