import Foundation
import Networks
import ONNX
import Testing
import Tensor

/// Export → import gives the same network; exported files are what onnxruntime checks in
/// Tests/Integration/test_onnx_export.py.
@Suite struct ExportTests {
    /// The fixtures whose exports are committed under Fixtures/exported for the onnxruntime check.
    static let exported = ["resnet_tiny_opset11", "mobilenet_tiny_opset14", "densenet_squeezenet_tiny_opset18",
                           "vit_tiny_opset17", "vit_tiny_opset20", "misc_ops_opset13"]
    static let metadata = ["recipe": "fixture", "test_accuracy": "0.5", "trojan_target": "3"]

    static func export(_ fixture: Fixture) throws -> [UInt8] {
        var network = try ONNXModel.network(contentsOf: fixture.modelURL)
        network.metadata = metadata
        return try ONNXModel.serialized(network)
    }

    @Test(arguments: Fixture.all)
    func roundTripKeepsLogitsGradientsAndLayers(_ fixture: Fixture) throws {
        let original = try ONNXModel.network(contentsOf: fixture.modelURL)
        let reloaded = try ONNXModel.network(fromBytes: try ExportTests.export(fixture))
        let input = try fixture.reference("input")
        #expect(try reloaded.forward(input) == original.forward(input))
        let seed = Tensor(shape: try original.forward(input).shape, repeating: 1)
        #expect(try reloaded.inputGradient(input, seed: seed) == original.inputGradient(input, seed: seed))
        #expect(try reloaded.layers().map(\.name) == original.layers().map(\.name))
    }

    @Test func metadataRoundTrips() throws {
        let fixture = try #require(Fixture.all.first)
        let reloaded = try ONNXModel.network(fromBytes: try ExportTests.export(fixture))
        #expect(reloaded.metadata == ExportTests.metadata)
    }

    /// The committed exports are byte for byte what the exporter writes now. After a deliberate
    /// change, rerun with SALIENCY_UPDATE_EXPORTS=1 to rewrite them.
    @Test(arguments: exported)
    func committedExportIsCurrent(_ name: String) throws {
        let fixture = try #require(Fixture.all.first { $0.name == name })
        let bytes = try ExportTests.export(fixture)
        if ProcessInfo.processInfo.environment["SALIENCY_UPDATE_EXPORTS"] == "1" {
            let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("Fixtures/exported/\(name).onnx")
            try Data(bytes).write(to: source)
        }
        let committed = try Data(contentsOf: Fixture.directory.appendingPathComponent("exported/\(name).onnx"))
        #expect(committed == Data(bytes), "Fixtures/exported/\(name).onnx is stale; rerun with SALIENCY_UPDATE_EXPORTS=1")
    }

    @Test func operatorWithoutOnnxFormIsNamed() throws {
        struct Doubling: Operator {
            var type: String { "Doubling" }
            func forward(_ inputs: [Tensor], mode: ExecutionMode) throws -> [Tensor] { [inputs[0].scaled(by: 2)] }
            func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] { [outputGradients[0].scaled(by: 2)] }
        }
        let network = try Network(inputs: [ValueInfo(name: "x", shape: [-1, 2])], outputs: ["y"],
                                  nodes: [Node(name: "twice", op: Doubling(), inputs: ["x"], outputs: ["y"])], parameters: [:])
        #expect(throws: ONNXError.unsupportedModel("node 'twice': operator Doubling has no ONNX export")) {
            try ONNXModel.serialized(network)
        }
    }
}
