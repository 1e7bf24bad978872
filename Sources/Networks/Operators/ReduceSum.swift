import Tensor

/// Σ over `axes`. Its gradient is the output's, repeated over the reduced axes.
public struct ReduceSum: Reduction {
    public var axes: [Int]
    public var keepsDimensions: Bool
    public init(axes: [Int] = [], keepsDimensions: Bool = true) {
        self.axes = axes
        self.keepsDimensions = keepsDimensions
    }
    public var type: String { "ReduceSum" }

    public func reduce(_ x: Tensor, axes: [Int]) throws -> Tensor {
        try x.sum(alongAxes: axes)
    }

    public func inputGradient(_ x: Tensor, output y: Tensor, outputGradient dy: Tensor) throws -> Tensor {
        try dy.broadcast(toShape: x.shape)
    }
}
