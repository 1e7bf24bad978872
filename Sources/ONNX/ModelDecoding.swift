import SwiftProtobuf

extension Onnx_ModelProto {
    /// Decodes and sanity-checks serialized model bytes.
    ///
    /// Protobuf decoding alone accepts many corrupt inputs (garbage can parse as unknown fields, a cut
    /// at a field boundary parses as a shorter message), so the graph's basic promises are checked too.
    init(checking bytes: [UInt8]) throws {
        guard !bytes.isEmpty else { throw ONNXError.corruptFile("the file is empty") }
        do {
            self = try Onnx_ModelProto(serializedBytes: bytes)
        } catch let error as BinaryDecodingError {
            throw ONNXError.corruptFile("protobuf decoding failed after reading up to \(bytes.count) bytes (\(error)); the file is truncated or not an ONNX model")
        }
        guard hasGraph, !graph.node.isEmpty else {
            throw ONNXError.corruptFile("the model has no graph nodes")
        }
        guard irVersion > 0 else {
            throw ONNXError.corruptFile("the model declares no IR version")
        }
        guard !graph.input.isEmpty, !graph.output.isEmpty else {
            throw ONNXError.corruptFile("the graph declares no inputs or no outputs")
        }
    }

    /// The opset of the default ("ai.onnx") domain, which decides each operator's version.
    func defaultOpset() throws -> Int {
        guard let entry = opsetImport.first(where: { $0.domain.isEmpty || $0.domain == "ai.onnx" }) else {
            throw ONNXError.corruptFile("the model imports no version of the default operator set")
        }
        let version = Int(entry.version)
        guard ONNXModel.supportedOpsets.contains(version) else {
            throw ONNXError.unsupportedModel("opset \(version); this importer reads opsets \(ONNXModel.supportedOpsets.lowerBound)–\(ONNXModel.supportedOpsets.upperBound)")
        }
        return version
    }
}
