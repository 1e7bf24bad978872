import Foundation

/// 1 / (1 + e^−x).
public struct Sigmoid: ElementwiseActivation {
    public init() {}
    public var type: String { "Sigmoid" }
    public func value(_ x: Float) -> Float { 1 / (1 + expf(-x)) }
    public func derivative(_ x: Float, output y: Float) -> Float { y * (1 - y) }
}
