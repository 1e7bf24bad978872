import Foundation

/// sin x (rotary position embeddings).
public struct Sin: ElementwiseActivation {
    public init() {}
    public var type: String { "Sin" }
    public func value(_ x: Float) -> Float { sinf(x) }
    public func derivative(_ x: Float, output y: Float) -> Float { cosf(x) }
}
