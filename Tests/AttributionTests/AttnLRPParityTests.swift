import Attribution
import Foundation
import Networks
import ONNX
import Tensor
import Testing

/// LRP through attention against LXT (Achtibat et al. 2024), on a tiny hybrid ViT built like
/// shapes-vit: the model, inputs and LXT's relevance come from tools/make_attnlrp_references.py
/// (float64, stored as float32; Fixtures/attnlrp/manifest.json records the versions).
@Suite struct AttnLRPParityTests {
    static let directory = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("attnlrp")

    static func reference(_ name: String) throws -> Tensor {
        try NumpyFormat.tensor(contentsOf: directory.appendingPathComponent("\(name).npy"))
    }

    let network: Network
    let inputs: Tensor
    let targets: [Int]

    init() throws {
        network = try ONNXModel.network(contentsOf: Self.directory.appendingPathComponent("reference_vit.onnx"))
        inputs = try Self.reference("inputs")
        targets = try Self.reference("targets").scalars.map { Int($0) }
    }

    @Test func logitsMatchPyTorch() throws {
        #expect(try network.forward(inputs).maximumAbsoluteDifference(to: Self.reference("logits")) <= 1e-5)
        let types = Set(network.nodes.map(\.op.type))
        #expect(types.isSuperset(of: ["Softmax", "LayerNormalization", "MatMul", "Mul", "Gelu"]), "\(types)")
    }

    /// max |ours − reference| / max |reference| for LRP-ε with AttnLRP's rules at attention.
    func relativeError(against name: String) throws -> Float {
        let expected = try Self.reference(name)
        let actual = try LayerwiseRelevancePropagation(rules: .epsilon, epsilon: 1e-6)
            .attribute(inputs, targets: targets, model: network, progress: .silent)
        #expect(actual.shape == expected.shape)
        return actual.maximumAbsoluteDifference(to: expected) / (try #require(expected.scalars.map(abs).max()))
    }

    /// LXT on the graph's own operations (each linear layer as MatMul and bias Add) with Zennit's
    /// stabiliser z + ε·sign z: the same rules, to float precision (measured 7.2e-7).
    @Test func epsilonCompositeMatchesLXTOnTheSameOperations() throws {
        let error = try relativeError(against: "relevance_matched")
        #expect(error <= 1e-5, "relative error \(error)")
    }

    /// LXT as it is differs by its two choices only: its linear rule takes the bias into one ε-rule,
    /// and its stabiliser adds +ε whatever the sign of z. Measured 5.2e-4 of the largest relevance.
    @Test func epsilonCompositeIsCloseToPlainLXT() throws {
        let error = try relativeError(against: "relevance")
        #expect(error <= 1e-3, "relative error \(error)")
    }

    /// The same model exported at opset 14, where LayerNorm is ReduceMean, Sub, Pow, ReduceMean, Add,
    /// Sqrt, Div, Mul, Add and GELU is Div, Erf, Add, Mul, Mul: the importer recognises both, so the
    /// LayerNorm and GELU rules apply and the relevance is LXT's as for the opset-20 export.
    @Test func spelledOutLayerNormAndGeluGetTheirRules() throws {
        let spelledOut = try ONNXModel.network(contentsOf: Self.directory.appendingPathComponent("reference_vit_opset14.onnx"))
        let types = spelledOut.nodes.map(\.op.type)
        #expect(types.filter { $0 == "LayerNormalization" }.count == 3 && types.contains("Gelu"), "\(Set(types))")
        #expect(!types.contains("ReduceMean") && !types.contains("Erf") && !types.contains("Sqrt"), "\(Set(types))")
        #expect(try spelledOut.forward(inputs).maximumAbsoluteDifference(to: Self.reference("logits")) <= 1e-5)
        let lrp = LayerwiseRelevancePropagation(rules: .epsilon, epsilon: 1e-6)
        let relevance = try lrp.attribute(inputs, targets: targets, model: spelledOut, progress: .silent)
        let expected = try Self.reference("relevance_matched")
        let scale = try #require(expected.scalars.map(abs).max())
        #expect(relevance.maximumAbsoluteDifference(to: expected) / scale <= 1e-5)
        let fused = try lrp.attribute(inputs, targets: targets, model: network, progress: .silent)
        #expect(relevance.maximumAbsoluteDifference(to: fused) / scale <= 1e-5)
    }

    /// The same model with the composites' old treatment of attention (relevance handed through
    /// softmax, the gradient at products and LayerNorm) is far from LXT: the test can fail.
    @Test func passingRelevanceThroughAttentionIsFarFromLXT() throws {
        var old = Composite.epsilon(1e-6)
        for type in ["Softmax", "MatMul", "Mul", "LayerNormalization"] { old.rulesByType[type] = nil }
        old.rulesByType["Softmax"] = PassRule()
        let actual = try network.inputGradients(inputs, targets: targets, composite: old, seedWithLogits: true)
        let expected = try Self.reference("relevance")
        let scale = try #require(expected.scalars.map(abs).max())
        #expect(actual.maximumAbsoluteDifference(to: expected) / scale > 0.05)
    }
}
