import Foundation
import Networks
import ONNX
import Testing
import Tensor

/// Every operator version from opset 7 to the newest whose attributes or inputs changed, as hand-built
/// graphs, and classifiers in the style of the ONNX Model Zoo's families exported at opsets 7–10,
/// against onnxruntime's outputs (and PyTorch's input gradients). From tools/make_importer_fixtures.py.
@Suite struct OpsetTests {
    struct Case: ImporterFixture {
        static let folder = "opsets"
        let name: String
        let opset: Int
        let operators: [String]
        let gradient: Bool?
        let target: Int?

        func network() throws -> Network { try ONNXModel.network(contentsOf: url) }
    }

    struct Manifest: Decodable {
        let operators: [Case]
        let classifiers: [Case]

        static let loaded = Case.manifest(as: Manifest.self)
    }

    @Test func theOldestAndNewestOpsetsAreCovered() {
        let opsets = Set((Manifest.loaded.operators + Manifest.loaded.classifiers).map(\.opset))
        #expect(opsets.contains(ONNXModel.supportedOpsets.lowerBound) && opsets.contains(ONNXModel.supportedOpsets.upperBound))
        #expect(Set(7...13).isSubset(of: opsets), "\(opsets.sorted())")
    }

    @Test(arguments: Manifest.loaded.operators)
    func operatorVersionMatchesOnnxruntime(_ fixture: Case) throws {
        let output = try fixture.network().forward(try fixture.reference("input"))
        let difference = relativeDifference(output, try asImported(fixture.reference("output")))
        #expect(difference <= 1e-4, "\(fixture.name): differs from onnxruntime by \(difference) (shapes \(output.shape))")
    }

    @Test(arguments: Manifest.loaded.operators.filter { $0.gradient == true })
    func operatorVersionGradientMatchesPyTorch(_ fixture: Case) throws {
        let gradient = try fixture.network().inputGradient(try fixture.reference("input"), seed: try fixture.reference("seed"))
        let difference = relativeDifference(gradient, try fixture.reference("input_gradient"))
        #expect(difference <= 1e-4, "\(fixture.name): input gradient differs by \(difference)")
    }

    @Test(arguments: Manifest.loaded.classifiers)
    func zooStyleClassifierMatchesOnnxruntimeAndPyTorch(_ fixture: Case) throws {
        let network = try fixture.network()
        let input = try fixture.reference("input")
        let logits = try network.forward(input)
        #expect(relativeDifference(logits, try fixture.reference("logits")) <= 1e-4, "\(fixture.name): logits")
        let difference = try fixture.inputGradientDifference(of: network, classes: logits.shape[1], target: fixture.target!)
        #expect(difference <= 1e-4, "\(fixture.name): input gradient differs by \(difference)")
    }
}
