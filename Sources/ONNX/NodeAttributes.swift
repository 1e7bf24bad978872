/// A node's attributes by name, read with the type each operator expects and errors naming the node.
struct NodeAttributes {
    let node: String
    let type: String
    private let attributes: [String: Onnx_AttributeProto]
    /// Where a tensor attribute with external data finds its file.
    private let externalData: ExternalDataFolder

    init(_ proto: Onnx_NodeProto, name: String, externalData: ExternalDataFolder) {
        node = name
        type = proto.opType
        self.externalData = externalData
        attributes = Dictionary(proto.attribute.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    func contains(_ name: String) -> Bool { attributes[name] != nil }

    func int(_ name: String) throws -> Int? {
        guard let attribute = try attribute(name, .int) else { return nil }
        return try fitting(attribute.i, name)
    }

    func int(_ name: String, default value: Int) throws -> Int { try int(name) ?? value }

    func ints(_ name: String) throws -> [Int]? {
        try attribute(name, .ints)?.ints.map { try fitting($0, name) }
    }

    func float(_ name: String, default value: Float) throws -> Float {
        try attribute(name, .float)?.f ?? value
    }

    func floats(_ name: String) throws -> [Float]? {
        try attribute(name, .floats)?.floats
    }

    func string(_ name: String, default value: String) throws -> String {
        guard let attribute = try attribute(name, .string) else { return value }
        return String(decoding: attribute.s, as: UTF8.self)
    }

    /// A tensor attribute's value (Constant's `value`, ConstantOfShape's fill).
    func tensor(_ name: String) throws -> Constant? {
        guard let proto = try attribute(name, .tensor)?.t else { return nil }
        return try Constant(proto, name: node, externalData: externalData)
    }

    /// An error naming this node, for the operator builders.
    func invalid(_ message: String) -> ONNXError {
        .invalidNode(node: node, type: type, message: message)
    }

    private func attribute(_ name: String, _ expected: Onnx_AttributeProto.AttributeType) throws -> Onnx_AttributeProto? {
        guard let attribute = attributes[name] else { return nil }
        // Old exporters leave `type` unset; trust the name then, as onnxruntime does.
        guard attribute.type == expected || attribute.type == .undefined else {
            throw invalid("attribute '\(name)' is of type \(attribute.type), expected \(expected)")
        }
        return attribute
    }

    private func fitting(_ value: Int64, _ name: String) throws -> Int {
        guard let result = Int(exactly: value) else { throw invalid("attribute '\(name)' = \(value) is out of range") }
        return result
    }
}
