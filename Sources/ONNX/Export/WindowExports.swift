import Networks

// Conv, ConvTranspose and the pools: the window attributes they share.

extension WindowAttributes {
    func write(into node: inout ExportedNode, kernel: [Int]? = nil) {
        if let kernel { node.set("kernel_shape", kernel) }
        node.set("strides", strides)
        if automaticPadding == .notSet {
            node.set("pads", padding)
        } else {
            node.set("auto_pad", automaticPadding.rawValue)
        }
    }
}

extension Conv: ONNXExportable {
    func exported() -> ExportedNode {
        var node = ExportedNode()
        attributes.write(into: &node)
        node.set("dilations", attributes.dilations)
        node.set("group", groups)
        return node
    }
}

extension ConvTranspose: ONNXExportable {
    func exported() -> ExportedNode {
        var node = ExportedNode()
        attributes.write(into: &node)
        node.set("dilations", attributes.dilations)
        node.set("group", groups)
        node.set("output_padding", outputPadding)
        return node
    }
}

extension MaxPool: ONNXExportable {
    func exported() -> ExportedNode {
        var node = ExportedNode()
        attributes.write(into: &node, kernel: kernel)
        node.set("dilations", attributes.dilations)
        node.set("ceil_mode", attributes.ceilMode ? 1 : 0)
        return node
    }
}

extension AveragePool: ONNXExportable {
    func exported() throws -> ExportedNode {
        guard attributes.dilations == [1, 1] else {
            throw ONNXError.unsupportedModel("AveragePool with dilations \(attributes.dilations) has no ONNX form at opset \(GraphExporter.opset)")
        }
        var node = ExportedNode()
        attributes.write(into: &node, kernel: kernel)
        node.set("ceil_mode", attributes.ceilMode ? 1 : 0)
        node.set("count_include_pad", countsPadding ? 1 : 0)
        return node
    }
}
