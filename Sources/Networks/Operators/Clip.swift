/// x limited to [minimum, maximum] (ONNX gives the bounds as constant inputs; importers fold them here).
public struct Clip: ElementwiseActivation {
    public var minimum: Float
    public var maximum: Float
    public init(minimum: Float = -.greatestFiniteMagnitude, maximum: Float = .greatestFiniteMagnitude) {
        self.minimum = minimum
        self.maximum = maximum
    }
    public var type: String { "Clip" }
    public func value(_ x: Float) -> Float { min(max(x, minimum), maximum) }
    public func derivative(_ x: Float, output y: Float) -> Float { x > minimum && x < maximum ? 1 : 0 }
}
