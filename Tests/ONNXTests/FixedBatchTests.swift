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
    struct Case: ImporterFixture {
        static let folder = "fixed"
        static let all: [Case] = manifest()
        let name: String
        let rebatchable: Bool
        let target: Int?
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
        let difference = try fixture.inputGradientDifference(of: network, classes: 10, target: fixture.target!)
        #expect(difference <= 1e-4, "\(fixture.name): input gradient differs by \(difference)")
    }
}
