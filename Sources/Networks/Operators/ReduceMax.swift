import Tensor

/// The largest element over `axes`.
public typealias ReduceMax = Reduction<Maximum>

/// The gradient goes to the maximal elements, split evenly where several tie, as PyTorch's `amax`
/// splits it.
public enum Maximum: ReductionKind {
    public static let type = "ReduceMax"

    public static func reduce(_ x: Tensor, axes: [Int]) throws -> Tensor {
        try x.reduced(alongAxes: axes, initial: -.infinity) { Swift.max($0, $1) }
    }

    public static func inputGradient(_ x: Tensor, output y: Tensor, outputGradient dy: Tensor, axes: [Int]) throws -> Tensor {
        try x.gradientOfSelection(output: y, gradient: dy, axes: axes)
    }
}

extension Tensor {
    /// The gradient of a reduction that selects elements equal to its output `y` (max, min): `dy`
    /// shared evenly among the elements of each reduced group that equal its output.
    func gradientOfSelection(output y: Tensor, gradient dy: Tensor, axes: [Int]) throws -> Tensor {
        let selected = try combined(withOutput: y, gradient: dy) { x, y, _ in x == y ? 1 : 0 }
        let ties = try selected.sum(alongAxes: axes)
        let share = try dy.zip(ties) { $0 / Swift.max($1, 1) }
        return try selected.combined(with: share.broadcast(toShape: shape), .multiply)
    }
}
