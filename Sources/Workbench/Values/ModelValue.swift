import Attribution
import Imaging
import JupyterKernel
import Networks
import ONNX

/// A loaded classifier: the network, what its inputs mean (size, normalization), its class names
/// and the SHA-256 of the file it came from, for provenance.
public struct ModelValue: WorkspaceValue {
    public var name: String
    public var network: Network
    public var normalization: Normalization
    public var labels: [String]
    /// SHA-256 of the ONNX bytes.
    public var sha256: String
    /// Where the bytes came from: a file's path, or "embedded" for a shipped model inside the binary.
    public var source: String
    private let camLayer = Memo<String>()
    /// The file's opsets, producer, external data and declared batch, as the import found them.
    public var importSummary: ImportSummary

    public init(name: String, network: Network, normalization: Normalization, labels: [String], sha256: String,
                source: String, importSummary: ImportSummary) {
        self.name = name
        self.network = network
        self.normalization = normalization
        self.labels = labels
        self.sha256 = sha256
        self.source = source
        self.importSummary = importSummary
    }

    /// The layer CAMs read when none is named (`Network.defaultCAMLayer`), found on first use.
    public func defaultCAMLayer() throws -> String {
        try camLayer.value { try network.defaultCAMLayer() }
    }

    public var kind: String { "model" }
    public var inputShape: [Int] { network.inputShape }
    public var classCount: Int { labels.count }

    public var summary: String {
        "\(name): \(inputShape.map(String.init).joined(separator: "×")) → \(classCount) classes"
    }

    /// "star (3)", or "class 3" when the model has no names.
    public func label(_ index: Int) -> String {
        labels.indices.contains(index) ? "\(labels[index]) (\(index))" : "class \(index)"
    }

    /// A class given as an index or a name, with the valid range or the nearest name when wrong.
    public func classIndex(_ text: String, command: String, option: String = "--target") throws -> Int {
        if let index = Int(text) {
            guard (0..<classCount).contains(index) else {
                throw WorkbenchError.invalidValue(command: command, option: option, value: text,
                                                  expected: "a class from 0 to \(classCount - 1) or a class name")
            }
            return index
        }
        if let index = labels.firstIndex(of: text) { return index }
        let hint = NearestName.suggestion(for: text, among: labels).map { " (did you mean \($0)?)" } ?? ""
        throw WorkbenchError.invalidValue(command: command, option: option, value: text,
                                          expected: "top, a class index or one of " + labels.joined(separator: ", ") + hint)
    }

    /// What identifies the model and how inputs reach it: enough to feed another tool the same tensors.
    public var provenance: JSONObject {
        ["model": .string(name), "model_sha256": .string(sha256), "version": .string(WorkbenchInterpreter.version),
         "input_shape": .array(inputShape.map { .number(Double($0)) }),
         "normalization": .object(["mean": .array(normalization.mean.map { .number(Double($0)) }),
                                   "std": .array(normalization.std.map { .number(Double($0)) })])]
    }

    public var display: MimeBundle {
        let layers = Table(header: ["layer", "type", "output"], rows: ((try? network.layers()) ?? []).map {
            [$0.name, $0.type, $0.outputShape.map(String.init).joined(separator: "×")]
        })
        let parameters = network.parameters.values.reduce(0) { $0 + $1.count }
        let facts = fileFacts
        let html = "<p><b>\(Table.escaped(name))</b> — input \(inputShape.map(String.init).joined(separator: "×")), \(classCount) classes, "
            + "\(parameters.formatted()) parameters, sha256 <code>\(sha256.prefix(16))…</code>, from \(Table.escaped(source))</p>"
            + "<ul>\(facts.map { "<li>\(Table.escaped($0))</li>" }.joined())</ul>"
            + "<details><summary>layers</summary>\(layers.html)</details>"
        var bundle = MimeBundle.html(html, plain: ([summary, "sha256 \(sha256)", "from \(source)"] + facts + [layers.plain]).joined(separator: "\n"))
        bundle.metadata["saliency/provenance"] = .object(provenance)
        return bundle
    }

    /// One line each: the opsets, the producer, the external data files and the batch the graph takes.
    var fileFacts: [String] {
        let summary = importSummary
        let opsets = summary.opsets.sorted { ($0.key != "ai.onnx" ? 1 : 0, $0.key) < ($1.key != "ai.onnx" ? 1 : 0, $1.key) }
            .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        let producer = [summary.producerName, summary.producerVersion].filter { !$0.isEmpty }.joined(separator: " ")
        var facts = ["opset \(opsets)", "producer \(producer.isEmpty ? "not recorded" : producer)"]
        for file in summary.externalDataFiles {
            facts.append("external data \(file.location) (\(file.bytes.formatted()) bytes)")
        }
        facts.append(batchFact)
        return facts
    }

    /// Whether any batch runs at full speed, or the graph fixes one and methods go chunk by chunk.
    private var batchFact: String {
        if let fixed = network.fixedBatch {
            return "batch fixed at \(fixed) by the graph: larger batches run in chunks of \(fixed)"
        }
        if let declared = importSummary.declaredBatch {
            return "batch: any (the file declares \(declared); the graph was re-batched)"
        }
        return "batch: any"
    }
}
