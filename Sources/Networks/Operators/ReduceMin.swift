import Tensor

/// The smallest element over `axes`.
public typealias ReduceMin = Reduction<Minimum>

/// The gradient as for `ReduceMax`: split evenly among tied minima.
public enum Minimum: ReductionKind {
    public static let type = "ReduceMin"

    public static func reduce(_ x: Tensor, axes: [Int]) throws -> Tensor {
        try x.reduced(alongAxes: axes, initial: .infinity) { Swift.min($0, $1) }
    }

    public static func inputGradient(_ x: Tensor, output y: Tensor, outputGradient dy: Tensor, axes: [Int]) throws -> Tensor {
        try x.gradientOfSelection(output: y, gradient: dy, axes: axes)
    }
}
