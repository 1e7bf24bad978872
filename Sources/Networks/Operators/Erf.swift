import Foundation

/// The error function (exporters build exact GELU from it).
public struct Erf: ElementwiseActivation {
    public init() {}
    public var type: String { "Erf" }
    public func value(_ x: Float) -> Float { erff(x) }
    public func derivative(_ x: Float, output y: Float) -> Float { 2 / Float.pi.squareRoot() * expf(-x * x) }
}
