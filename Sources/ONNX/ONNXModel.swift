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

    /// Every operator type of the default domain the importer reads, sorted: those the engine runs,
    /// and those it only evaluates at load time on known values (the exporters' shape arithmetic).
    public static var supportedOperators: [String] {
        Set(OperatorTable.builders.keys).union(ShapeArithmetic.rules.keys).union(["Shape"]).sorted()
    }

    /// The network in serialized ONNX `bytes` with the model's metadata_props as its metadata, and
    /// what the import learnt about the file.
    ///
    /// - Parameters:
    ///   - folder: the folder the bytes were read from, where tensors with external data find their
    ///     files; without one, a model whose data is external is refused.
    ///   - inputShape: the input shape, -1 for a batch chosen at run time; needed only when the
    ///     model leaves sizes other than the batch symbolic.
    ///   - progress: called with the share of the graph's nodes imported so far; what it throws
    ///     (a cancellation) ends the import.
    public static func imported(fromBytes bytes: [UInt8], folder: URL? = nil, inputShape: [Int]? = nil,
                                progress: (Double) throws -> Void = { _ in }) throws -> ImportedModel {
        let model = try Onnx_ModelProto(checking: bytes)
        let metadata = Dictionary(model.metadataProps.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
        let externalData = ExternalDataFolder(folder: folder?.path)
        var importer = try GraphImporter(model: model, inputShape: inputShape, externalData: externalData)
        let network = switch importer.input.shape[0] {
        // Exported without a dynamic batch: re-batched where the graph allows, else run in chunks of 1.
        case 1: try FixedBatchImport.network(importer, metadata: metadata, progress: progress)
        case let batch: try importer.network(metadata: metadata, fixedBatch: batch > 0 ? batch : nil, progress: progress)
        }
        let summary = ImportSummary(model: model, externalDataFiles: externalData.files, declaredBatch: importer.declaredBatch)
        return ImportedModel(network: network, summary: summary)
    }

    /// The network in serialized ONNX `bytes`; see `imported(fromBytes:folder:inputShape:progress:)`.
    public static func network(fromBytes bytes: [UInt8], folder: URL? = nil, inputShape: [Int]? = nil,
                               progress: (Double) throws -> Void = { _ in }) throws -> Network {
        try imported(fromBytes: bytes, folder: folder, inputShape: inputShape, progress: progress).network
    }

    /// The model in the ONNX file at `url`, its external data read from the file's folder.
    public static func imported(contentsOf url: URL, inputShape: [Int]? = nil) throws -> ImportedModel {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ONNXError.corruptFile("cannot read \(url.path): \(error.localizedDescription)")
        }
        return try imported(fromBytes: [UInt8](data), folder: url.deletingLastPathComponent(), inputShape: inputShape)
    }

    /// The network in the ONNX file at `url`, its external data read from the file's folder.
    public static func network(contentsOf url: URL, inputShape: [Int]? = nil) throws -> Network {
        try imported(contentsOf: url, inputShape: inputShape).network
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
