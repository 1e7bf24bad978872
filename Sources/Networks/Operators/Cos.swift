import Foundation

/// cos x (rotary position embeddings).
public struct Cos: ElementwiseActivation {
    public init() {}
    public var type: String { "Cos" }
    public func value(_ x: Float) -> Float { cosf(x) }
    public func derivative(_ x: Float, output y: Float) -> Float { -sinf(x) }
}
