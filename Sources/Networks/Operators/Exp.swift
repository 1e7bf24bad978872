import Foundation

/// eˣ.
public struct Exp: ElementwiseActivation {
    public init() {}
    public var type: String { "Exp" }
    public func value(_ x: Float) -> Float { expf(x) }
    public func derivative(_ x: Float, output y: Float) -> Float { y }
}
