import Tensor

/// Y = alpha · A′ · B′ + beta · C, with A′ = Aᵀ if `transposesA` (likewise B): the fully connected layer.
public struct Gemm: LinearOperator {
    public var alpha: Float
    public var beta: Float
    public var transposesA: Bool
    public var transposesB: Bool

    public init(alpha: Float = 1, beta: Float = 1, transposesA: Bool = false, transposesB: Bool = false) {
        self.alpha = alpha
        self.beta = beta
        self.transposesA = transposesA
        self.transposesB = transposesB
    }

    public var type: String { "Gemm" }
    public var inputArity: ClosedRange<Int> { 2...3 }

    public func forward(_ inputs: [Tensor], mode: ExecutionMode) throws -> [Tensor] {
        guard inputs[0].rank == 2, inputs[1].rank == 2 else {
            throw TensorError.shapeMismatch("Gemm needs matrices, got \(inputs[0].shape) and \(inputs[1].shape)")
        }
        var y = try Tensor.matmul(inputs[0], inputs[1], transposingLHS: transposesA, transposingRHS: transposesB)
        if alpha != 1 { y = y.scaled(by: alpha) }
        if inputs.count > 2 {
            let c = inputs[2]
            y = try Tensor.broadcasting(y, c) { $0 + beta * $1 }
        }
        return [y]
    }

    public func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        let (a, b, dy) = (pass.inputs[0], pass.inputs[1], outputGradients[0].scaled(by: alpha))
        let da: Tensor? = pass.needsGradient[0]
            ? (transposesA ? try Tensor.matmul(b, dy, transposingLHS: transposesB, transposingRHS: true)
                           : try Tensor.matmul(dy, b, transposingRHS: !transposesB)) : nil
        let db: Tensor? = pass.needsGradient[1]
            ? (transposesB ? try Tensor.matmul(dy, a, transposingLHS: true, transposingRHS: transposesA)
                           : try Tensor.matmul(a, dy, transposingLHS: !transposesA)) : nil
        guard pass.inputs.count > 2 else { return [da, db] }
        let dc = pass.needsGradient[2] ? try outputGradients[0].scaled(by: beta).summed(toShape: pass.inputs[2].shape) : nil
        return [da, db, dc]
    }
}
