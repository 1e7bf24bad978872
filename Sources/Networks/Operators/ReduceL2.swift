import Tensor

/// √(Σ x²) over `axes` (Swin v2's cosine attention normalizes by it).
public typealias ReduceL2 = Reduction<EuclideanNorm>

/// The gradient is the output's times x / ‖x‖, taken as 0 where the norm is 0 as PyTorch's `norm` takes it.
public enum EuclideanNorm: ReductionKind {
    public static let type = "ReduceL2"

    public static func reduce(_ x: Tensor, axes: [Int]) throws -> Tensor {
        try x.reduced(alongAxes: axes, initial: 0) { $0 + $1 * $1 }.map { $0.squareRoot() }
    }

    public static func inputGradient(_ x: Tensor, output y: Tensor, outputGradient dy: Tensor, axes: [Int]) throws -> Tensor {
        try x.combined(withOutput: y, gradient: dy) { x, norm, dy in norm > 0 ? dy * x / norm : 0 }
    }
}
