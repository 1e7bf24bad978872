import Attribution
import Foundation
import Networks
import ONNX
import Tensor
import Testing

/// Batched methods on models exported without dynamic_axes (tools/make_importer_fixtures.py writes
/// them into the ONNX tests' fixtures): a whole batch gives each item's map as that item alone does,
/// in one batched pass where the import re-batched the graph, chunk by chunk where the graph fixes it.
@Suite struct FixedBatchAttributionTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("ONNXTests/Fixtures/importer/fixed")

    static func load(_ name: String) throws -> (network: Network, inputs: Tensor) {
        (try ONNXModel.network(contentsOf: directory.appendingPathComponent("\(name).onnx")),
         try NumpyFormat.tensor(contentsOf: directory.appendingPathComponent("\(name).input.npy")))
    }

    /// `method` on the batch at once, against the same method on each item alone.
    static func batchedEqualsPerItem(_ method: any AttributionMethod, _ network: Network, _ inputs: Tensor, targets: [Int]) throws -> Float {
        let batched = try method.attribute(inputs, targets: targets, model: network, progress: .silent)
        let items = try (0..<inputs.batchCount).map { item in
            try method.attribute(inputs.batch(item..<(item + 1)), targets: [targets[item]], model: network, progress: .silent)
        }
        let perItem = try Tensor.concatenated(items, alongAxis: 0)
        let scale = perItem.scalars.reduce(0) { max($0, abs($1)) }
        return batched.maximumAbsoluteDifference(to: perItem) / max(scale, .leastNormalMagnitude)
    }

    @Test(arguments: ["resnet_dynamo", "resnet_torchscript", "vit_dynamo"])
    func integratedGradientsOfARebatchedGraphRunBatched(_ name: String) throws {
        let (network, inputs) = try Self.load(name)
        #expect(network.fixedBatch == nil, "\(name) was not re-batched")
        let difference = try Self.batchedEqualsPerItem(IntegratedGradients(steps: 8), network, inputs, targets: [1, 4, 7])
        #expect(difference <= 1e-4, "\(name): batched IG differs from per-item IG by \(difference)")
        // The 3 × 8 path points run as one batch through the graph itself.
        let path = try Tensor.concatenated(Array(repeating: inputs, count: 8), alongAxis: 0)
        #expect(try network.timedForward(path).first?.inputShapes.first?.first == 24)
    }

    @Test func everyBatchedMethodRunsOnAGraphThatFixesItsBatch() throws {
        let (network, inputs) = try Self.load("first_item_torchscript")
        #expect(network.fixedBatch == 1)
        let methods: [any AttributionMethod] = [IntegratedGradients(steps: 8), Occlusion(window: 8, stride: 8),
                                                RISE(masks: 16, cells: 4, seed: 3), ClassActivationMapping(.gradCAM)]
        for method in methods {
            let difference = try Self.batchedEqualsPerItem(method, network, inputs, targets: [2, 5, 9])
            #expect(difference <= 1e-4, "\(method.name): batched differs from per item by \(difference)")
        }
    }
}
