import Tensor

/// Σ |x| over `axes`.
public typealias ReduceL1 = Reduction<AbsoluteSum>

/// The gradient is the output's times sign(x), 0 at 0 as in PyTorch.
public enum AbsoluteSum: ReductionKind {
    public static let type = "ReduceL1"

    public static func reduce(_ x: Tensor, axes: [Int]) throws -> Tensor {
        try x.reduced(alongAxes: axes, initial: 0) { $0 + abs($1) }
    }

    public static func inputGradient(_ x: Tensor, output y: Tensor, outputGradient dy: Tensor, axes: [Int]) throws -> Tensor {
        try x.combined(withOutput: y, gradient: dy) { x, _, dy in x > 0 ? dy : x < 0 ? -dy : 0 }
    }
}
