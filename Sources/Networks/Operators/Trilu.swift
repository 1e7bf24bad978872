import Tensor

/// The upper (or lower) triangle of the last two axes, from diagonal `k` on (ONNX gives k as a
/// constant input; importers fold it here); the rest is zero, and so is its gradient.
public struct Trilu: Operator {
    public var upper: Bool
    public var diagonal: Int
    public init(upper: Bool = true, diagonal: Int = 0) {
        self.upper = upper
        self.diagonal = diagonal
    }
    public var type: String { "Trilu" }

    private func masked(_ x: Tensor) throws -> Tensor {
        guard x.rank >= 2 else { throw TensorError.shapeMismatch("Trilu needs a matrix or a batch of them, got \(x.shape)") }
        let (rows, columns) = (x.shape[x.rank - 2], x.shape[x.rank - 1])
        var result = x
        for index in result.scalars.indices {
            let column = index % columns, row = (index / columns) % rows
            let kept = upper ? column - row >= diagonal : column - row <= diagonal
            if !kept { result.scalars[index] = 0 }
        }
        return result
    }

    public func forward(_ inputs: [Tensor], mode: ExecutionMode) throws -> [Tensor] {
        [try masked(try onlyInput(inputs))]
    }

    public func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        [pass.needsGradient[0] ? try masked(outputGradients[0]) : nil]
    }
}
