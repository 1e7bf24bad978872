import Networks

// Operators whose shapes, axes or pads the engine holds as properties and ONNX takes as inputs.

extension Concat: ONNXExportable {
    func exported() -> ExportedNode {
        var node = ExportedNode()
        node.set("axis", axis)
        return node
    }
}

extension Flatten: ONNXExportable {
    func exported() -> ExportedNode {
        var node = ExportedNode()
        node.set("axis", axis)
        return node
    }
}

extension Transpose: ONNXExportable {
    func exported() -> ExportedNode {
        var node = ExportedNode()
        if !permutation.isEmpty { node.set("perm", permutation) }
        return node
    }
}

extension Squeeze: ONNXExportable {
    func exported() -> ExportedNode {
        var node = ExportedNode()
        if !axes.isEmpty { node.input("axes", integers: axes) }
        return node
    }
}

extension Unsqueeze: ONNXExportable {
    func exported() -> ExportedNode {
        var node = ExportedNode()
        node.input("axes", integers: axes)
        return node
    }
}

extension Reshape: ONNXExportable {
    func exported() -> ExportedNode {
        var node = ExportedNode()
        node.input("shape", integers: shape)
        node.set("allowzero", allowsZero ? 1 : 0)
        return node
    }
}

extension Expand: ONNXExportable {
    func exported() -> ExportedNode {
        var node = ExportedNode()
        if batchAxes.isEmpty {
            node.input("shape", integers: shape)
        } else {
            node.batchShape = (shape, batchAxes)
        }
        return node
    }
}

extension Slice: ONNXExportable {
    func exported() -> ExportedNode {
        var node = ExportedNode()
        node.input("starts", integers: slices.map(\.start))
        node.input("ends", integers: slices.map(\.end))
        node.input("axes", integers: slices.map(\.axis))
        node.input("steps", integers: slices.map(\.step))
        return node
    }
}

extension Gather: ONNXExportable {
    func exported() -> ExportedNode {
        var node = ExportedNode()
        if !readsIndices { node.constantInputs.append(("indices", Constant(integers: indices, shape: indicesShape))) }
        node.set("axis", axis)
        return node
    }
}

extension Split: ONNXExportable {
    func exported() -> ExportedNode {
        var node = ExportedNode()
        node.set("axis", axis)
        if sizes.isEmpty {
            node.set("num_outputs", outputCount)
        } else {
            node.input("split", integers: sizes)
        }
        return node
    }
}

extension Pad: ONNXExportable {
    func exported() -> ExportedNode {
        var node = ExportedNode()
        node.set("mode", mode.rawValue)
        node.input("pads", integers: pads)
        node.input("constant_value", scalar: value)
        return node
    }
}

extension ReduceMean: ONNXExportable {
    func exported() -> ExportedNode {
        var node = ExportedNode()
        node.set("keepdims", keepsDimensions ? 1 : 0)
        if !axes.isEmpty { node.input("axes", integers: axes) }
        return node
    }
}
