import Foundation
import Networks
import ONNX
import Testing
import Tensor

/// Graphs exported without dynamic_axes (input declared 1×3×32×32, shapes baked in for batch 1)
/// take any batch: re-batched at import where items stay independent, run in chunks where the graph
/// really fixes its batch. References from tools/make_importer_fixtures.py: onnxruntime's logits for
/// each item alone, PyTorch's input gradients.
@Suite struct FixedBatchTests {
    struct Case: Decodable, CustomTestStringConvertible, Sendable {
        let name: String
        let rebatchable: Bool
        let target: Int?
        var testDescription: String { name }

        static let directory = Fixture.directory.appendingPathComponent("importer/fixed")
        static let all: [Case] = try! JSONDecoder().decode([Case].self, from: Data(contentsOf: directory.appendingPathComponent("manifest.json")))

        var url: URL { Case.directory.appendingPathComponent("\(name).onnx") }

        func reference(_ kind: String) throws -> Tensor {
            try NumpyFormat.tensor(contentsOf: Case.directory.appendingPathComponent("\(name).\(kind).npy"))
        }
    }

    @Test(arguments: Case.all)
    func aBatchOfThreeGivesEachItemsLogits(_ fixture: Case) throws {
        let imported = try ONNXModel.imported(contentsOf: fixture.url)
        let network = imported.network
        #expect(imported.summary.declaredBatch == 1)
        #expect(network.fixedBatch == (fixture.rebatchable ? nil : 1), "\(fixture.name): fixed batch \(String(describing: network.fixedBatch))")
        let input = try fixture.reference("input")
        let difference = relativeDifference(try network.forward(input), try fixture.reference("logits"))
        #expect(difference <= 1e-4, "\(fixture.name): logits differ by \(difference)")
        // Re-batched, the graph itself runs the whole batch: its first node sees all three items.
        let firstNodeBatch = try network.timedForward(input).first?.inputShapes.first?.first
        #expect(firstNodeBatch == (fixture.rebatchable ? 3 : 1))
    }

    @Test(arguments: Case.all.filter { $0.target != nil })
    func inputGradientsOfABatchMatchPyTorch(_ fixture: Case) throws {
        let network = try ONNXModel.network(contentsOf: fixture.url)
        let input = try fixture.reference("input")
        var seed = Tensor(shape: [input.shape[0], 10])
        for row in 0..<input.shape[0] { seed.scalars[row * 10 + fixture.target!] = 1 }
        let difference = relativeDifference(try network.inputGradient(input, seed: seed), try fixture.reference("input_gradient"))
        #expect(difference <= 1e-4, "\(fixture.name): input gradient differs by \(difference)")
    }
}
