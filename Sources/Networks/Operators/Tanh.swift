import Foundation

public struct Tanh: ElementwiseActivation {
    public init() {}
    public var type: String { "Tanh" }
    public func value(_ x: Float) -> Float { tanhf(x) }
    public func derivative(_ x: Float, output y: Float) -> Float { 1 - y * y }
}
