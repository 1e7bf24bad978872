/// 1 where x is infinite (of the signs asked for), else 0. No gradient.
public struct IsInf: ElementwiseActivation {
    public var detectsNegative: Bool
    public var detectsPositive: Bool
    public init(detectsNegative: Bool = true, detectsPositive: Bool = true) {
        self.detectsNegative = detectsNegative
        self.detectsPositive = detectsPositive
    }
    public var type: String { "IsInf" }
    public func value(_ x: Float) -> Float {
        x.isInfinite && (x > 0 ? detectsPositive : detectsNegative) ? 1 : 0
    }
    public func derivative(_ x: Float, output y: Float) -> Float { 0 }
}
