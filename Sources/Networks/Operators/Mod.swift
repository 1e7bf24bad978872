import Foundation

/// The remainder of a / b: with the sign of the divisor (Python's %, ONNX `fmod` = 0, integers), or with
/// the sign of the dividend (C's fmod, `fmod` = 1). The gradient is PyTorch's: 1 for a, and −⌊a/b⌋ (or
/// −trunc(a/b) for fmod) for b.
public struct Mod: BroadcastingArithmetic {
    public var truncates: Bool
    public init(truncates: Bool = false) { self.truncates = truncates }
    public var type: String { "Mod" }

    public func value(_ a: Float, _ b: Float) -> Float {
        let remainder = fmodf(a, b)
        guard !truncates, remainder != 0, (remainder < 0) != (b < 0) else { return remainder }
        return remainder + b
    }

    public func partials(_ a: Float, _ b: Float, output y: Float) -> (Float, Float) {
        (1, -(a / b).rounded(truncates ? .towardZero : .down))
    }
}
