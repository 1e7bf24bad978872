import Attribution
import Foundation
import Networks
import ONNX
import Tensor
import Testing

/// Batched methods on models exported without dynamic_axes (tools/make_importer_fixtures.py writes
/// them into the ONNX tests' fixtures, with Captum's integrated gradients): a whole batch gives each
/// item's map as that item alone does, in one batched pass where the import re-batched the graph,
/// chunk by chunk where the graph fixes it.
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
        return relativeDifference(batched, try Tensor.concatenated(items, alongAxis: 0))
    }

    /// The same graph made to run item by item: chunks of one, as the file's own graph takes them
    /// (a re-batched graph on a single item is the file's graph).
    static func itemByItem(_ network: Network) throws -> Network {
        try Network(inputs: network.inputs, outputs: network.outputs, nodes: network.nodes, parameters: network.parameters,
                    metadata: network.metadata, fixedBatch: 1)
    }

    static func relativeDifference(_ actual: Tensor, _ expected: Tensor) -> Float {
        guard actual.shape == expected.shape else { return .infinity }
        let scale = expected.scalars.reduce(0) { max($0, abs($1)) }
        return actual.maximumAbsoluteDifference(to: expected) / max(scale, .leastNormalMagnitude)
    }

    static let rebatchable = [("resnet_dynamo", 3), ("resnet_torchscript", 3), ("vit_dynamo", 4)]

    @Test(arguments: rebatchable)
    func integratedGradientsOfARebatchedGraphRunBatchedAndMatchCaptum(_ name: String, target: Int) throws {
        let (network, inputs) = try Self.load(name)
        #expect(network.fixedBatch == nil, "\(name) was not re-batched")
        let ours = try IntegratedGradients(steps: 8, rule: .gaussLegendre, baseline: .zeros)
            .attribute(inputs, targets: Array(repeating: target, count: inputs.batchCount), model: network, progress: .silent)
        let captum = try NumpyFormat.tensor(contentsOf: Self.directory.appendingPathComponent("\(name).integrated_gradients.npy"))
        let difference = Self.relativeDifference(ours, captum)
        #expect(difference <= 1e-3, "\(name): IG differs from Captum's by \(difference)")
        // The 3 × 8 path points run as one batch through the graph itself.
        let path = try Tensor.concatenated(Array(repeating: inputs, count: 8), alongAxis: 0)
        #expect(try network.timedForward(path).first?.inputShapes.first?.first == 24)
    }

    @Test(arguments: rebatchable.map(\.0))
    func everyBatchedMethodOfARebatchedGraphGivesWhatItemByItemRunsGive(_ name: String) throws {
        let (network, inputs) = try Self.load(name)
        // A graph the import failed to re-batch runs in chunks both ways, and would pass vacuously.
        #expect(network.fixedBatch == nil, "\(name) was not re-batched")
        let chunked = try Self.itemByItem(network)
        let methods: [any AttributionMethod] = [NoiseTunnel(Saliency(), samples: 4, seed: 2), RISE(masks: 16, cells: 4, seed: 3),
                                                Occlusion(window: 8, stride: 8)]
        for method in methods {
            let batched = try method.attribute(inputs, targets: [1, 4, 7], model: network, progress: .silent)
            let single = try method.attribute(inputs, targets: [1, 4, 7], model: chunked, progress: .silent)
            let difference = Self.relativeDifference(batched, single)
            #expect(difference <= 1e-4, "\(name) \(method.name): one batched pass differs from item by item by \(difference)")
        }
    }

    @Test func anInputAgnosticMapOfARebatchedGraphIsTheItemByItemOne() throws {
        let (network, _) = try Self.load("resnet_torchscript")
        #expect(network.fixedBatch == nil)
        var parameters = InputAgnosticParameters()
        (parameters.iterations, parameters.samplesPerIteration, parameters.fidelitySamples) = (4, 8, 16)
        let method = InputAgnosticSaliency(parameters: parameters)
        let batched = try method.map(of: 3, model: NetworkClassifier(network))
        let single = try method.map(of: 3, model: NetworkClassifier(Self.itemByItem(network)))
        let difference = Self.relativeDifference(batched.rawPerturbation, single.rawPerturbation)
        #expect(difference <= 1e-4, "the input-agnostic map differs from item by item by \(difference)")
        #expect(batched.rawFidelity == single.rawFidelity)
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
