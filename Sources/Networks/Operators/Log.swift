import Foundation

/// The natural logarithm.
public struct Log: ElementwiseActivation {
    public init() {}
    public var type: String { "Log" }
    public func value(_ x: Float) -> Float { logf(x) }
    public func derivative(_ x: Float, output y: Float) -> Float { 1 / x }
}
