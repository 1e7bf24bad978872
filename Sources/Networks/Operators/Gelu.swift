import Foundation

/// x·Φ(x), exact (erf) or with the tanh approximation, as ONNX Gelu's `approximate` attribute selects.
public struct Gelu: ElementwiseActivation {
    public var usesTanhApproximation: Bool
    public init(usesTanhApproximation: Bool = false) { self.usesTanhApproximation = usesTanhApproximation }
    public var type: String { "Gelu" }

    private static let tanhScale: Float = (2 / Float.pi).squareRoot()

    public func value(_ x: Float) -> Float {
        if usesTanhApproximation {
            return 0.5 * x * (1 + tanhf(Gelu.tanhScale * (x + 0.044715 * x * x * x)))
        }
        return 0.5 * x * (1 + erff(x / Float(2).squareRoot()))
    }

    public func derivative(_ x: Float, output y: Float) -> Float {
        if usesTanhApproximation {
            let inner = Gelu.tanhScale * (x + 0.044715 * x * x * x)
            let t = tanhf(inner)
            return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * Gelu.tanhScale * (1 + 3 * 0.044715 * x * x)
        }
        let cumulative = 0.5 * (1 + erff(x / Float(2).squareRoot()))
        let density = expf(-0.5 * x * x) / (2 * Float.pi).squareRoot()
        return cumulative + x * density
    }
}
