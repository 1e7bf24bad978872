import Foundation
import Tensor

/// ln Σ eˣ over `axes`.
public typealias ReduceLogSumExp = Reduction<LogSumExp>

/// Shifted by the group's maximum so that large values do not overflow; the gradient is the softmax
/// over the group, e^(x − y).
public enum LogSumExp: ReductionKind {
    public static let type = "ReduceLogSumExp"

    public static func reduce(_ x: Tensor, axes: [Int]) throws -> Tensor {
        // A group of −∞ only (or of +∞) keeps the shift at 0, so that it gives −∞ (or +∞), not NaN.
        let shift = try x.reduced(alongAxes: axes, initial: -.infinity) { Swift.max($0, $1) }.map { $0.isFinite ? $0 : 0 }
        let exponentials = try Tensor.broadcasting(x, shift) { expf($0 - $1) }
        return try exponentials.sum(alongAxes: axes).zip(shift) { logf($0) + $1 }
    }

    public static func inputGradient(_ x: Tensor, output y: Tensor, outputGradient dy: Tensor, axes: [Int]) throws -> Tensor {
        try x.combined(withOutput: y, gradient: dy) { x, y, dy in dy * expf(x - y) }
    }
}
