#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Networks

/// Reading ONNX models into the engine's `Network`, and writing networks back out.
public enum ONNXModel {
    /// The default-domain opsets the importer understands: from the oldest the ONNX Model Zoo's
    /// classifiers use to the newest onnx and onnxruntime know.
    public static let supportedOpsets = 7...28

    /// The network in serialized ONNX `bytes`, with the model's metadata_props as its metadata.
    ///
    /// - Parameters:
    ///   - inputShape: the input shape, -1 for a batch chosen at run time; needed only when the
    ///     model leaves sizes other than the batch symbolic.
    ///   - progress: called with the share of the graph's nodes imported so far; what it throws
    ///     (a cancellation) ends the import.
    public static func network(fromBytes bytes: [UInt8], inputShape: [Int]? = nil,
                               progress: (Double) throws -> Void = { _ in }) throws -> Network {
        let model = try Onnx_ModelProto(checking: bytes)
        let metadata = Dictionary(model.metadataProps.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
        var importer = try GraphImporter(model: model, inputShape: inputShape)
        return try importer.network(metadata: metadata, progress: progress)
    }

    /// The network in the ONNX file at `url`.
    public static func network(contentsOf url: URL, inputShape: [Int]? = nil) throws -> Network {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ONNXError.corruptFile("cannot read \(url.path): \(error.localizedDescription)")
        }
        return try network(fromBytes: [UInt8](data), inputShape: inputShape)
    }
}

extension ONNXModel {
    /// The network as serialized ONNX (opset 20), loadable by onnxruntime, with its metadata as
    /// metadata_props (training recipe, accuracies, trojan target, …).
    public static func serialized(_ network: Network, producerVersion: String = "1") throws -> [UInt8] {
        try GraphExporter.model(network, producerVersion: producerVersion).serializedBytes()
    }

    /// Writes `network` as an ONNX file at `url`.
    public static func write(_ network: Network, to url: URL, producerVersion: String = "1") throws {
        try Data(serialized(network, producerVersion: producerVersion)).write(to: url)
    }
}
