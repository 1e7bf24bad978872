import Networks

/// Gemm: Y = alpha·op(A)·op(B) + beta·C.
enum GemmImport {
    static func gemm(_ node: NodeImport) throws -> ImportedOperator {
        let op = Gemm(alpha: try node.attributes.float("alpha", default: 1), beta: try node.attributes.float("beta", default: 1),
                      transposesA: try node.attributes.int("transA", default: 0) != 0,
                      transposesB: try node.attributes.int("transB", default: 0) != 0)
        return node.reading(op, upTo: 3)
    }
}
