import COpenBLAS

/// C[m×n] = alpha · op(A) · op(B) + beta · C on raw row-major buffers, through OpenBLAS.
///
/// OpenBLAS runs single-threaded and large products are split here, into a block of rows or columns
/// per core on the same thread pool as every other parallel loop of the engine. OpenBLAS's own
/// threads spin between calls and took the cores that the elementwise passes in between needed.
@usableFromInline
func multiplyMatrices(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, into c: UnsafeMutablePointer<Float>,
                      m: Int, n: Int, k: Int, transposingA: Bool = false, transposingB: Bool = false,
                      alpha: Float = 1, beta: Float = 0) {
    guard m > 0, n > 0 else { return }
    guard k > 0 else {
        if beta == 0 { c.update(repeating: 0, count: m * n) }
        return
    }
    OpenBLASThreads.configureOnce()
    let (lda, ldb) = (transposingA ? m : k, transposingB ? k : n)
    let (left, right, product) = (UnsafeSendablePointer(a), UnsafeSendablePointer(b), UnsafeSendableMutablePointer(c))
    let parts = m * n * k < OpenBLASThreads.smallestSplitProduct ? 1 : ProcessInfoCores.count
    let splittingRows = m >= n
    parallelChunks(splittingRows ? m : n, minimumChunk: max(1, (splittingRows ? m : n) / parts)) { range in
        // Rows of C come from rows of op(A); columns of C from columns of op(B).
        let a = splittingRows ? left.pointer + range.lowerBound * (transposingA ? 1 : lda) : left.pointer
        let b = splittingRows ? right.pointer : right.pointer + range.lowerBound * (transposingB ? ldb : 1)
        let c = product.pointer + range.lowerBound * (splittingRows ? n : 1)
        cblas_sgemm(CblasRowMajor, transposingA ? CblasTrans : CblasNoTrans, transposingB ? CblasTrans : CblasNoTrans,
                    Int32(splittingRows ? range.count : m), Int32(splittingRows ? n : range.count), Int32(k), alpha,
                    a, Int32(lda), b, Int32(ldb), beta, c, Int32(n))
    }
}

/// OpenBLAS on one thread, set once per process before the first product.
@usableFromInline
enum OpenBLASThreads {
    /// Products of fewer multiply-adds than this run whole on one core, where a split costs more than it saves.
    @usableFromInline static let smallestSplitProduct = 1 << 18
    private static let configured: Void = openblas_set_num_threads(1)
    @usableFromInline static func configureOnce() { configured }
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
        // A stack of matrices times one matrix is one product of a taller matrix: every row of the stack
        // at once (a transformer's tokens × weights), rather than a thin product per matrix of the stack.
        if rhs.rank == 2, lhs.rank > 2, !transposingLHS {
            var result = Tensor(shape: Array(lhs.shape.dropLast(2)) + [m, n])
            lhs.scalars.withUnsafeBufferPointer { a in
                rhs.scalars.withUnsafeBufferPointer { b in
                    result.scalars.withUnsafeMutableBufferPointer { c in
                        multiplyMatrices(a.baseAddress!, b.baseAddress!, into: c.baseAddress!, m: lhs.shape.dropLast().reduce(1, *), n: n, k: k,
                                         transposingB: transposingRHS)
                    }
                }
            }
            return result
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
