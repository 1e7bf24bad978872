import Foundation
import Networks
import ONNX
import Testing
import Tensor

/// Every committed fixture model against onnxruntime's logits and PyTorch's input gradients.
@Suite struct FixtureParityTests {
    @Test func fixturesCoverEveryOpFamily() {
        let covered = Set(Fixture.all.flatMap(\.operators))
        let families = ["Conv", "ConvTranspose", "BatchNormalization", "Relu", "LeakyRelu", "PRelu", "Sigmoid", "Tanh",
                        "Clip", "HardSigmoid", "HardSwish", "Erf", "Gelu", "Softmax", "MaxPool", "AveragePool",
                        "GlobalAveragePool", "Gemm", "MatMul", "Add", "Sub", "Mul", "Div", "Pow", "Sqrt", "Concat",
                        "Flatten", "Reshape", "Transpose", "Slice", "Split", "Squeeze", "Pad", "ReduceMean",
                        "LayerNormalization", "LRN", "Constant", "Shape", "Gather", "Cast", "ConstantOfShape",
                        "Unsqueeze", "Expand"]
        #expect(Set(families).subtracting(covered).isEmpty, "not covered: \(Set(families).subtracting(covered).sorted())")
    }

    @Test(arguments: Fixture.all)
    func logitsMatchOnnxruntime(_ fixture: Fixture) throws {
        let network = try ONNXModel.network(contentsOf: fixture.modelURL)
        let logits = try network.forward(try fixture.reference("input"))
        let difference = relativeDifference(logits, try fixture.reference("logits"))
        #expect(difference <= 1e-4, "\(fixture.name): logits differ by \(difference) relative")
    }

    @Test(arguments: Fixture.all)
    func inputGradientMatchesPyTorch(_ fixture: Fixture) throws {
        let network = try ONNXModel.network(contentsOf: fixture.modelURL)
        let input = try fixture.reference("input")
        let logits = try network.forward(input)
        var seed = Tensor(shape: logits.shape)
        for row in 0..<logits.shape[0] { seed.scalars[row * logits.shape[1] + fixture.target] = 1 }
        let gradient = try network.inputGradient(input, seed: seed)
        let difference = relativeDifference(gradient, try fixture.reference("input_gradient"))
        #expect(difference <= 1e-4, "\(fixture.name): input gradient differs by \(difference) relative")
    }
}
