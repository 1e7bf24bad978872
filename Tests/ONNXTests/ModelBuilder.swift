import ONNX

/// Small hand-written ONNX graphs for the tests that need an exact structure.
struct ModelBuilder {
    var nodes: [Onnx_NodeProto] = []
    var initializers: [Onnx_TensorProto] = []
    var inputShape: [Int64] = [1, 4]
    var opset: Int64 = 17

    mutating func add(_ type: String, name: String, inputs: [String], outputs: [String],
                      attributes: [Onnx_AttributeProto] = []) {
        var node = Onnx_NodeProto()
        node.opType = type
        node.name = name
        node.input = inputs
        node.output = outputs
        node.attribute = attributes
        nodes.append(node)
    }

    mutating func initializer(_ name: String, shape: [Int64], values: [Float]) {
        var tensor = Onnx_TensorProto()
        tensor.name = name
        tensor.dims = shape
        tensor.dataType = Int32(Onnx_TensorProto.DataType.float.rawValue)
        tensor.floatData = values
        initializers.append(tensor)
    }

    static func ints(_ name: String, _ values: [Int64]) -> Onnx_AttributeProto {
        var attribute = Onnx_AttributeProto()
        attribute.name = name
        attribute.type = .ints
        attribute.ints = values
        return attribute
    }

    func model(output: String) -> Onnx_ModelProto {
        var model = Onnx_ModelProto()
        model.irVersion = 8
        var opsetEntry = Onnx_OperatorSetIdProto()
        opsetEntry.version = opset
        model.opsetImport = [opsetEntry]
        var input = Onnx_ValueInfoProto()
        input.name = "x"
        input.type.tensorType.elemType = 1
        input.type.tensorType.shape.dim = inputShape.map { size in
            var dimension = Onnx_TensorShapeProto.Dimension()
            if size < 0 { dimension.dimParam = "batch" } else { dimension.dimValue = size }
            return dimension
        }
        var outputInfo = Onnx_ValueInfoProto()
        outputInfo.name = output
        model.graph.input = [input]
        model.graph.output = [outputInfo]
        model.graph.node = nodes
        model.graph.initializer = initializers
        return model
    }

    func bytes(output: String) throws -> [UInt8] {
        try model(output: output).serializedBytes()
    }
}

extension ModelBuilder {
    /// A float initializer whose data lives in `location` beside the model, at `offset` for `length` bytes.
    mutating func externalInitializer(_ name: String, shape: [Int64], location: String, offset: Int? = nil, length: Int? = nil) {
        var tensor = Onnx_TensorProto()
        tensor.name = name
        tensor.dims = shape
        tensor.dataType = Int32(Onnx_TensorProto.DataType.float.rawValue)
        tensor.dataLocation = .external
        let entries = [("location", location)] + [("offset", offset), ("length", length)].compactMap { key, value in value.map { (key, "\($0)") } }
        tensor.externalData = entries.map { key, value in
            var entry = Onnx_StringStringEntryProto()
            (entry.key, entry.value) = (key, value)
            return entry
        }
        initializers.append(tensor)
    }
}
