import Networks

// How each engine operator is written back as ONNX (opset `GraphExporter.opset`): the inverse of
// the builders in Operators/. Operators without attributes export as their bare type.

extension Relu: ONNXExportable { func exported() -> ExportedNode { ExportedNode() } }
extension Sigmoid: ONNXExportable { func exported() -> ExportedNode { ExportedNode() } }
extension Tanh: ONNXExportable { func exported() -> ExportedNode { ExportedNode() } }
extension Erf: ONNXExportable { func exported() -> ExportedNode { ExportedNode() } }
extension HardSwish: ONNXExportable { func exported() -> ExportedNode { ExportedNode() } }
extension Sqrt: ONNXExportable { func exported() -> ExportedNode { ExportedNode() } }
extension Identity: ONNXExportable { func exported() -> ExportedNode { ExportedNode() } }
extension GlobalAveragePool: ONNXExportable { func exported() -> ExportedNode { ExportedNode() } }
extension GlobalMaxPool: ONNXExportable { func exported() -> ExportedNode { ExportedNode() } }
extension Add: ONNXExportable { func exported() -> ExportedNode { ExportedNode() } }
extension Sub: ONNXExportable { func exported() -> ExportedNode { ExportedNode() } }
extension Mul: ONNXExportable { func exported() -> ExportedNode { ExportedNode() } }
extension Div: ONNXExportable { func exported() -> ExportedNode { ExportedNode() } }
extension Pow: ONNXExportable { func exported() -> ExportedNode { ExportedNode() } }
extension PRelu: ONNXExportable { func exported() -> ExportedNode { ExportedNode() } }
extension MatMul: ONNXExportable { func exported() -> ExportedNode { ExportedNode() } }

extension LeakyRelu: ONNXExportable {
    func exported() -> ExportedNode {
        var node = ExportedNode()
        node.set("alpha", alpha)
        return node
    }
}

extension HardSigmoid: ONNXExportable {
    func exported() -> ExportedNode {
        var node = ExportedNode()
        node.set("alpha", alpha)
        node.set("beta", beta)
        return node
    }
}

extension Gelu: ONNXExportable {
    func exported() -> ExportedNode {
        var node = ExportedNode()
        node.set("approximate", usesTanhApproximation ? "tanh" : "none")
        return node
    }
}

extension Clip: ONNXExportable {
    func exported() -> ExportedNode {
        var node = ExportedNode()
        node.input("min", scalar: minimum)
        node.input("max", scalar: maximum)
        return node
    }
}

extension Softmax: ONNXExportable {
    func exported() -> ExportedNode {
        var node = ExportedNode()
        node.set("axis", axis)
        return node
    }
}

extension LogSoftmax: ONNXExportable {
    func exported() -> ExportedNode {
        var node = ExportedNode()
        node.set("axis", axis)
        return node
    }
}

extension Dropout: ONNXExportable {
    func exported() -> ExportedNode {
        var node = ExportedNode()
        node.input("ratio", scalar: ratio)
        return node
    }
}
