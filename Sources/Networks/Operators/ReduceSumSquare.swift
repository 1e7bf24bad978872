import Tensor

/// Σ x² over `axes`.
public typealias ReduceSumSquare = Reduction<SquareSum>

/// The gradient is the output's times 2x.
public enum SquareSum: ReductionKind {
    public static let type = "ReduceSumSquare"

    public static func reduce(_ x: Tensor, axes: [Int]) throws -> Tensor {
        try x.reduced(alongAxes: axes, initial: 0) { $0 + $1 * $1 }
    }

    public static func inputGradient(_ x: Tensor, output y: Tensor, outputGradient dy: Tensor, axes: [Int]) throws -> Tensor {
        try x.combined(withOutput: y, gradient: dy) { x, _, dy in 2 * x * dy }
    }
}
