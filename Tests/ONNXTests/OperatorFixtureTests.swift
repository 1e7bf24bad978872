import Foundation
import Networks
import ONNX
import Tensor
import Testing

/// The graphs of tools/make_operator_fixtures.py, one or a few per family of the operators today's
/// exporters write: forward against onnxruntime, input gradient against PyTorch autograd (or, for the
/// Resize modes PyTorch lacks, against the linear map measured from onnxruntime).
@Suite struct OperatorFixtureTests {
    struct Case: Decodable, CustomTestStringConvertible, Sendable {
        let name: String
        let opset: Int
        let operators: [String]
        let gradient_source: String

        var testDescription: String { name }

        static let directory = Fixture.directory.appendingPathComponent("operators")

        static let all: [Case] = {
            let data = try! Data(contentsOf: directory.appendingPathComponent("manifest.json"))
            return try! JSONDecoder().decode([Case].self, from: data)
        }()

        func reference(_ kind: String) throws -> Tensor {
            try NumpyFormat.tensor(contentsOf: Case.directory.appendingPathComponent("\(name).\(kind).npy"))
        }

        var network: Network {
            get throws { try ONNXModel.network(contentsOf: Case.directory.appendingPathComponent("\(name).onnx")) }
        }
    }

    @Test func casesCoverEveryNewOperator() {
        let covered = Set(Case.all.flatMap(\.operators))
        let operators = ["Neg", "Abs", "Exp", "Log", "Reciprocal", "Sign", "Floor", "Ceil", "Round", "Sin", "Cos", "Softplus",
                         "Softsign", "Elu", "Selu", "Celu", "Mish", "Swish", "ThresholdedRelu", "IsNaN", "IsInf", "Not",
                         "Equal", "Less", "LessOrEqual", "Greater", "GreaterOrEqual", "And", "Or", "Xor", "Where", "Mod",
                         "Max", "Min", "Sum", "Mean", "ReduceSum", "ReduceMax", "ReduceMin", "ReduceL1", "ReduceL2",
                         "ReduceSumSquare", "ReduceProd", "ReduceLogSumExp", "ArgMax", "ArgMin", "Resize", "Upsample",
                         "InstanceNormalization", "GroupNormalization", "Tile", "DepthToSpace", "SpaceToDepth", "CumSum",
                         "Trilu", "Hardmax", "Einsum", "Shape", "Size", "Range", "ConstantOfShape", "ScatterND", "Expand"]
        #expect(Set(operators).subtracting(covered).isEmpty, "not covered: \(Set(operators).subtracting(covered).sorted())")
    }

    /// The shape arithmetic of the folding graphs is evaluated at load time: none of it runs in the network.
    @Test(arguments: ["shape_folding_opset18", "folding_rules_opset18"])
    func shapeArithmeticFoldsAtLoadTime(_ name: String) throws {
        let fixture = try #require(Case.all.first { $0.name == name })
        let running = Set(try fixture.network.nodes.map(\.op.type))
        #expect(running.isSubset(of: ["Reshape", "Slice", "Mul", "Pad", "Gather", "Concat"]), "\(name) runs \(running.sorted())")
    }

    @Test(arguments: Case.all)
    func outputMatchesOnnxruntime(_ fixture: Case) throws {
        let output = try fixture.network.forward(try fixture.reference("input"))
        let difference = relativeDifference(output, try fixture.reference("output"))
        #expect(difference <= 1e-5, "\(fixture.name): output differs by \(difference) relative")
    }

    @Test(arguments: Case.all)
    func inputGradientMatchesTheReference(_ fixture: Case) throws {
        let network = try fixture.network
        let gradient = try network.inputGradient(try fixture.reference("input"), seed: try fixture.reference("seed"))
        let difference = relativeDifference(gradient, try fixture.reference("input_gradient"))
        #expect(difference <= 1e-4, "\(fixture.name): input gradient differs by \(difference) relative (\(fixture.gradient_source))")
    }
}
