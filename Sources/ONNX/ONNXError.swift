/// What went wrong reading or writing an ONNX model, naming the op, node, tensor or shape at fault.
public enum ONNXError: Error, Equatable, CustomStringConvertible {
    /// The bytes are not a readable ONNX model (truncated, not protobuf, or missing its graph).
    case corruptFile(String)
    /// An operator this importer does not implement: its type, its domain ("ai.onnx" for the
    /// standard one), the node, and the opset the model declares for that domain.
    case unsupportedOperator(type: String, domain: String, node: String, opset: Int)
    /// A node whose attributes or inputs make no sense for its operator.
    case invalidNode(node: String, type: String, message: String)
    /// A tensor that cannot be read: an unsupported element type, a refused external file, a wrong byte count.
    case invalidTensor(name: String, message: String)
    /// A well-formed model that this importer cannot represent, e.g. several graph inputs.
    case unsupportedModel(String)

    public var description: String {
        switch self {
        case .corruptFile(let message):
            "not a readable ONNX model: \(message)"
        case .unsupportedOperator(let type, let domain, let node, let opset):
            "node '\(node)': \(ONNXError.operatorProblem(type, domain: domain, opset: opset)). "
                + "Supported operators: \(ONNXModel.supportedOperators.joined(separator: ", "))"
        case .invalidNode(let node, let type, let message):
            "node '\(node)' (\(type)): \(message)"
        case .invalidTensor(let name, let message):
            "tensor '\(name)': \(message)"
        case .unsupportedModel(let message):
            "unsupported model: \(message)"
        }
    }

    private static func operatorProblem(_ type: String, domain: String, opset: Int) -> String {
        switch domain {
        case "ai.onnx":
            "operator \(type) (opset \(opset)) is not supported"
        case "com.microsoft", "com.microsoft.nchwc", "com.ms.internal.nhwc":
            "operator \(type) of domain \(domain) (version \(opset)) is an onnxruntime-specific extension, not a standard "
                + "ONNX operator; export the model again without onnxruntime's graph optimizations (or save it before they run)"
        default:
            "operator \(type) of the custom domain '\(domain)' (version \(opset)) is a runtime-specific extension that only "
                + "its own runtime knows, not a standard ONNX operator"
        }
    }
}
