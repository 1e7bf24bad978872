/// What went wrong reading or writing an ONNX model, naming the op, node, tensor or shape at fault.
public enum ONNXError: Error, Equatable, CustomStringConvertible {
    /// The bytes are not a readable ONNX model (truncated, not protobuf, or missing its graph).
    case corruptFile(String)
    /// An operator this importer does not implement, at the opset the model declares.
    case unsupportedOperator(type: String, node: String, opset: Int)
    /// A node whose attributes or inputs make no sense for its operator.
    case invalidNode(node: String, type: String, message: String)
    /// A tensor that cannot be read: an unsupported element type, external data, a wrong byte count.
    case invalidTensor(name: String, message: String)
    /// A well-formed model that this importer cannot represent, e.g. several graph inputs.
    case unsupportedModel(String)

    public var description: String {
        switch self {
        case .corruptFile(let message):
            "not a readable ONNX model: \(message)"
        case .unsupportedOperator(let type, let node, let opset):
            "node '\(node)': operator \(type) (opset \(opset)) is not supported"
        case .invalidNode(let node, let type, let message):
            "node '\(node)' (\(type)): \(message)"
        case .invalidTensor(let name, let message):
            "tensor '\(name)': \(message)"
        case .unsupportedModel(let message):
            "unsupported model: \(message)"
        }
    }
}
