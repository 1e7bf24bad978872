import Foundation
import Networks
import ONNX
import Testing
import Tensor

/// Models quantized by onnxruntime.quantization (tools/make_importer_fixtures.py). QDQ files load:
/// DequantizeLinear of the int8 weights folds at load, the QuantizeLinear → DequantizeLinear pairs
/// on activations run as fake quantization. QOperator files are refused.
@Suite struct QuantizedModelTests {
    struct Case: ImporterFixture {
        static let folder = "quantized"
        static let all: [Case] = manifest()
        let name: String
        let format: String
        let target: Int?
        let largestActivationScale: Double?
    }

    /// The reference is onnxruntime running the Q/DQ nodes as written (no graph optimizations), so
    /// both sides compute the same float graph with the same rounding. What can still differ is the
    /// float summation order inside a convolution: an activation within ~1e-6 of a rounding boundary
    /// may land one step apart, which moves the logits by about one quantization step of their own
    /// scale. So: most logits exactly equal, none more than two steps of the largest scale apart.
    @Test(arguments: Case.all.filter { $0.format == "QDQ" })
    func qdqLogitsMatchOnnxruntimeUpToARoundingStep(_ fixture: Case) throws {
        let network = try ONNXModel.network(contentsOf: fixture.url)
        #expect(!network.nodes.contains { $0.op.type == "DequantizeLinear" && network.parameters[$0.inputs[0]] != nil },
                "DequantizeLinear of constant weights should fold at load")
        let logits = try network.forward(try fixture.reference("input"))
        let expected = try fixture.reference("logits")
        let step = Float(fixture.largestActivationScale!)
        let equal = zip(logits.scalars, expected.scalars).filter { abs($0 - $1) <= 1e-5 }.count
        #expect(Double(equal) >= 0.9 * Double(expected.count), "\(fixture.name): \(equal) of \(expected.count) logits equal")
        #expect(logits.maximumAbsoluteDifference(to: expected) <= 2 * step, "\(fixture.name): \(logits.maximumAbsoluteDifference(to: expected))")
    }

    /// Through the fake quantization the gradient is straight-through (PyTorch's fake_quantize):
    /// the reference runs the same graph in PyTorch with that estimator.
    @Test(arguments: Case.all.filter { $0.format == "QDQ" })
    func qdqInputGradientIsStraightThrough(_ fixture: Case) throws {
        let network = try ONNXModel.network(contentsOf: fixture.url)
        let difference = try fixture.inputGradientDifference(of: network, classes: 5, target: fixture.target!)
        #expect(difference <= 1e-4, "\(fixture.name): input gradient differs by \(difference)")
    }

    @Test func qOperatorModelsAreRefusedSayingHowToExport() throws {
        let fixture = try #require(Case.all.first { $0.format == "QOperator" })
        let error = try #require(throws: ONNXError.self) { try ONNXModel.network(contentsOf: fixture.url) }
        #expect(error.description.contains("QOperator-quantized") && error.description.contains("QLinearConv")
                && error.description.contains("QuantFormat.QDQ") && error.description.contains("float model"), "\(error)")
    }
}
