import Tensor

/// NumPy matmul: batched over leading axes with broadcasting; a 1-D operand is a row (left) or column (right).
public struct MatMul: Operator {
    public init() {}
    public var type: String { "MatMul" }
    public var inputArity: ClosedRange<Int> { 2...2 }

    /// Both operands as rank ≥ 2, and the shape the product takes once promoted axes are dropped.
    private func promoted(_ a: Tensor, _ b: Tensor) throws -> (Tensor, Tensor, dropRow: Bool, dropColumn: Bool) {
        let left = a.rank == 1 ? try a.reshaped([1, a.count]) : a
        let right = b.rank == 1 ? try b.reshaped([b.count, 1]) : b
        return (left, right, a.rank == 1, b.rank == 1)
    }

    public func forward(_ inputs: [Tensor], mode: ExecutionMode) throws -> [Tensor] {
        let (a, b, dropRow, dropColumn) = try promoted(inputs[0], inputs[1])
        var y = try Tensor.matmul(a, b)
        var shape = y.shape
        if dropColumn { shape.removeLast() }
        if dropRow { shape.remove(at: shape.count - (dropColumn ? 1 : 2)) }
        y = try y.reshaped(shape)
        return [y]
    }

    public func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        let (a, b, _, _) = try promoted(pass.inputs[0], pass.inputs[1])
        let batchShape = try Tensor.broadcastShape(Array(a.shape.dropLast(2)), Array(b.shape.dropLast(2)))
        let dy = try outputGradients[0].reshaped(batchShape + [a.shape[a.rank - 2], b.shape[b.rank - 1]])
        let da = pass.needsGradient[0]
            ? try Tensor.matmul(dy, b, transposingRHS: true).summed(toShape: a.shape).reshaped(pass.inputs[0].shape) : nil
        // A weight shared by a stack of matrices: its gradient sums over every row of the stack, one product.
        let sharedWeight = b.rank == 2 && a.rank > 2
        let db = !pass.needsGradient[1] ? nil : sharedWeight
            ? try Tensor.matmul(a.reshaped([-1, a.shape[a.rank - 1]]), dy.reshaped([-1, dy.shape[dy.rank - 1]]), transposingLHS: true)
                .reshaped(pass.inputs[1].shape)
            : try Tensor.matmul(a, dy, transposingLHS: true).summed(toShape: b.shape).reshaped(pass.inputs[1].shape)
        return [da, db]
    }
}
