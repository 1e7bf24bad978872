import Tensor

/// √(Σ x²) over `axes` (Swin v2's cosine attention normalizes by it). Where the norm is 0 the
/// gradient is taken as 0, as PyTorch's `norm` takes it.
public struct ReduceL2: Reduction {
    public var axes: [Int]
    public var keepsDimensions: Bool
    public init(axes: [Int] = [], keepsDimensions: Bool = true) {
        self.axes = axes
        self.keepsDimensions = keepsDimensions
    }
    public var type: String { "ReduceL2" }

    public func reduce(_ x: Tensor, axes: [Int]) throws -> Tensor {
        try x.reduced(alongAxes: axes, initial: 0) { $0 + $1 * $1 }.map { $0.squareRoot() }
    }

    public func inputGradient(_ x: Tensor, output y: Tensor, outputGradient dy: Tensor) throws -> Tensor {
        try x.combined(withOutput: y, gradient: dy) { x, norm, dy in norm > 0 ? dy * x / norm : 0 }
    }
}
