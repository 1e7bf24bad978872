import Tensor

/// Σ x² over `axes`.
public struct ReduceSumSquare: Reduction {
    public var axes: [Int]
    public var keepsDimensions: Bool
    public init(axes: [Int] = [], keepsDimensions: Bool = true) {
        self.axes = axes
        self.keepsDimensions = keepsDimensions
    }
    public var type: String { "ReduceSumSquare" }

    public func reduce(_ x: Tensor, axes: [Int]) throws -> Tensor {
        try x.reduced(alongAxes: axes, initial: 0) { $0 + $1 * $1 }
    }

    public func inputGradient(_ x: Tensor, output y: Tensor, outputGradient dy: Tensor) throws -> Tensor {
        try x.combined(withOutput: y, gradient: dy) { x, _, dy in 2 * x * dy }
    }
}
