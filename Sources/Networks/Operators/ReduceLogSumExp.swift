import Foundation
import Tensor

/// ln Σ eˣ over `axes`, shifted by the maximum so that large values do not overflow. Its gradient is
/// the softmax over the reduced group, e^(x − y).
public struct ReduceLogSumExp: Reduction {
    public var axes: [Int]
    public var keepsDimensions: Bool
    public init(axes: [Int] = [], keepsDimensions: Bool = true) {
        self.axes = axes
        self.keepsDimensions = keepsDimensions
    }
    public var type: String { "ReduceLogSumExp" }

    public func reduce(_ x: Tensor, axes: [Int]) throws -> Tensor {
        // A group of −∞ only (or of +∞) keeps the shift at 0, so that it gives −∞ (or +∞), not NaN.
        let shift = try x.reduced(alongAxes: axes, initial: -.infinity) { Swift.max($0, $1) }.map { $0.isFinite ? $0 : 0 }
        let exponentials = try Tensor.broadcasting(x, shift) { expf($0 - $1) }
        return try exponentials.sum(alongAxes: axes).zip(shift) { logf($0) + $1 }
    }

    public func inputGradient(_ x: Tensor, output y: Tensor, outputGradient dy: Tensor) throws -> Tensor {
        try x.combined(withOutput: y, gradient: dy) { x, y, dy in dy * expf(x - y) }
    }
}
