import Networks

// Gemm and the normalizations: attributes only, weights are the node's own inputs.

extension Gemm: ONNXExportable {
    func exported() -> ExportedNode {
        var node = ExportedNode()
        node.set("alpha", alpha)
        node.set("beta", beta)
        node.set("transA", transposesA ? 1 : 0)
        node.set("transB", transposesB ? 1 : 0)
        return node
    }
}

extension BatchNormalization: ONNXExportable {
    func exported() -> ExportedNode {
        var node = ExportedNode()
        node.set("epsilon", epsilon)
        node.set("momentum", momentum)
        return node
    }
}

extension LayerNormalization: ONNXExportable {
    func exported() -> ExportedNode {
        var node = ExportedNode()
        node.set("axis", axis)
        node.set("epsilon", epsilon)
        return node
    }
}

extension LocalResponseNormalization: ONNXExportable {
    func exported() -> ExportedNode {
        var node = ExportedNode()
        node.set("size", size)
        node.set("alpha", alpha)
        node.set("beta", beta)
        node.set("bias", bias)
        return node
    }
}
