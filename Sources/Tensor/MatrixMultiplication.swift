import COpenBLAS

/// C[m×n] = alpha · op(A) · op(B) + beta · C on raw row-major buffers, through OpenBLAS.
@usableFromInline
func multiplyMatrices(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, into c: UnsafeMutablePointer<Float>,
                      m: Int, n: Int, k: Int, transposingA: Bool = false, transposingB: Bool = false,
                      alpha: Float = 1, beta: Float = 0) {
    guard m > 0, n > 0 else { return }
    guard k > 0 else {
        if beta == 0 { c.update(repeating: 0, count: m * n) }
        return
    }
    cblas_sgemm(CblasRowMajor, transposingA ? CblasTrans : CblasNoTrans, transposingB ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k), alpha, a, Int32(transposingA ? m : k),
                b, Int32(transposingB ? k : n), beta, c, Int32(n))
}

extension Tensor {
    /// Batched matrix product over the last two axes, leading axes broadcast (NumPy `matmul` for rank ≥ 2).
    public static func matmul(_ lhs: Tensor, _ rhs: Tensor,
                              transposingLHS: Bool = false, transposingRHS: Bool = false) throws -> Tensor {
        guard lhs.rank >= 2, rhs.rank >= 2 else {
            throw TensorError.shapeMismatch("matmul needs rank ≥ 2 operands, got \(lhs.shape) and \(rhs.shape)")
        }
        let (lr, lc) = (lhs.shape[lhs.rank - 2], lhs.shape[lhs.rank - 1])
        let (rr, rc) = (rhs.shape[rhs.rank - 2], rhs.shape[rhs.rank - 1])
        let (m, k) = transposingLHS ? (lc, lr) : (lr, lc)
        let (k2, n) = transposingRHS ? (rc, rr) : (rr, rc)
        guard k == k2 else {
            throw TensorError.shapeMismatch("matmul inner dimensions differ: \(lhs.shape) × \(rhs.shape)")
        }
        let batchShape = try broadcastShape(Array(lhs.shape.dropLast(2)), Array(rhs.shape.dropLast(2)))
        let batches = batchShape.reduce(1, *)
        let lhsBatch = Array(lhs.shape.dropLast(2)), rhsBatch = Array(rhs.shape.dropLast(2))
        let lhsStrides = broadcastStrides(of: lhsBatch, to: batchShape)
        let rhsStrides = broadcastStrides(of: rhsBatch, to: batchShape)
        let batchIndexStrides = Tensor.strides(of: batchShape)
        var result = Tensor(shape: batchShape + [m, n])
        lhs.scalars.withUnsafeBufferPointer { a in
            rhs.scalars.withUnsafeBufferPointer { b in
                result.scalars.withUnsafeMutableBufferPointer { c in
                    for batch in 0..<batches {
                        var (lhsOffset, rhsOffset) = (0, 0)
                        for axis in batchShape.indices {
                            let position = (batch / batchIndexStrides[axis]) % batchShape[axis]
                            lhsOffset += position * lhsStrides[axis]
                            rhsOffset += position * rhsStrides[axis]
                        }
                        multiplyMatrices(a.baseAddress! + lhsOffset * lr * lc, b.baseAddress! + rhsOffset * rr * rc,
                                         into: c.baseAddress! + batch * m * n, m: m, n: n, k: k,
                                         transposingA: transposingLHS, transposingB: transposingRHS)
                    }
                }
            }
        }
        return result
    }
}
