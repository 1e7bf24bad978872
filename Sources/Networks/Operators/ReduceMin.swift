import Tensor

/// The smallest element over `axes`; the gradient as for `ReduceMax`.
public struct ReduceMin: Reduction {
    public var axes: [Int]
    public var keepsDimensions: Bool
    public init(axes: [Int] = [], keepsDimensions: Bool = true) {
        self.axes = axes
        self.keepsDimensions = keepsDimensions
    }
    public var type: String { "ReduceMin" }

    public func reduce(_ x: Tensor, axes: [Int]) throws -> Tensor {
        try x.reduced(alongAxes: axes, initial: .infinity) { Swift.min($0, $1) }
    }

    public func inputGradient(_ x: Tensor, output y: Tensor, outputGradient dy: Tensor) throws -> Tensor {
        try x.gradientOfSelection(output: y, gradient: dy, axes: axes)
    }
}
