import Tensor

/// Π over `axes`.
public typealias ReduceProd = Reduction<Product>

/// The gradient of an element is the product of the others in its group, computed without dividing
/// by a zero, so that zeros get their exact gradient as in PyTorch.
public enum Product: ReductionKind {
    public static let type = "ReduceProd"

    public static func reduce(_ x: Tensor, axes: [Int]) throws -> Tensor {
        try x.reduced(alongAxes: axes, initial: 1, *)
    }

    public static func inputGradient(_ x: Tensor, output y: Tensor, outputGradient dy: Tensor, axes: [Int]) throws -> Tensor {
        let nonZeroProduct = try x.reduced(alongAxes: axes, initial: 1) { $1 == 0 ? $0 : $0 * $1 }.broadcast(toShape: x.shape)
        let zeros = try x.reduced(alongAxes: axes, initial: 0) { $1 == 0 ? $0 + 1 : $0 }.broadcast(toShape: x.shape)
        let gradient = try dy.broadcast(toShape: x.shape)
        var result = Tensor(shape: x.shape)
        for index in result.scalars.indices {
            let (value, product) = (x.scalars[index], nonZeroProduct.scalars[index])
            switch zeros.scalars[index] {
            case 0: result.scalars[index] = gradient.scalars[index] * product / value
            // With one zero in the group, only that zero sees a non-zero product of the others.
            case 1 where value == 0: result.scalars[index] = gradient.scalars[index] * product
            default: break
            }
        }
        return result
    }
}
