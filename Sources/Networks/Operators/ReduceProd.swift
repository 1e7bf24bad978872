import Tensor

/// Π over `axes`. The gradient of an element is the product of the others in its group, computed
/// without dividing by the element, so that zeros get their exact gradient as in PyTorch.
public struct ReduceProd: Reduction {
    public var axes: [Int]
    public var keepsDimensions: Bool
    public init(axes: [Int] = [], keepsDimensions: Bool = true) {
        self.axes = axes
        self.keepsDimensions = keepsDimensions
    }
    public var type: String { "ReduceProd" }

    public func reduce(_ x: Tensor, axes: [Int]) throws -> Tensor {
        try x.reduced(alongAxes: axes, initial: 1, *)
    }

    public func inputGradient(_ x: Tensor, output y: Tensor, outputGradient dy: Tensor) throws -> Tensor {
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
