/// max(0, min(1, alpha·x + beta)).
public struct HardSigmoid: ElementwiseActivation {
    public var alpha: Float
    public var beta: Float
    public init(alpha: Float = 0.2, beta: Float = 0.5) {
        self.alpha = alpha
        self.beta = beta
    }
    public var type: String { "HardSigmoid" }
    public func value(_ x: Float) -> Float { max(0, min(1, alpha * x + beta)) }
    public func derivative(_ x: Float, output y: Float) -> Float {
        let z = alpha * x + beta
        return z > 0 && z < 1 ? alpha : 0
    }
}
