import Tensor

/// Σ over `axes`.
public typealias ReduceSum = Reduction<Summation>

/// Its gradient is the output's, repeated over the reduced axes.
public enum Summation: ReductionKind {
    public static let type = "ReduceSum"

    public static func reduce(_ x: Tensor, axes: [Int]) throws -> Tensor {
        try x.sum(alongAxes: axes)
    }

    public static func inputGradient(_ x: Tensor, output y: Tensor, outputGradient dy: Tensor, axes: [Int]) throws -> Tensor {
        try dy.broadcast(toShape: x.shape)
    }
}
