import Attribution
import Foundation
import Networks
import ONNX
import Tensor
import Testing

/// Grad-CAM on layers in any layout, and the layer it picks by default, against pytorch-grad-cam with
/// its reshape transforms on cut-down torchvision and timm models (tools/make_cam_layout_references.py;
/// the manifest names each reference's module and ONNX node). Measure: max |ours − reference| over
/// max |reference| for the batch of two, as in ReferenceParityTests.
@Suite struct CAMLayoutTests {
    static let directory = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("cam_layouts")

    struct Manifest: Decodable {
        struct Model: Decodable {
            let file: String
            let defaultLayer: String
            let references: [Reference]
            enum CodingKeys: String, CodingKey { case file, references, defaultLayer = "default_layer" }
        }
        struct Reference: Decodable {
            let key: String
            let onnxNode: String
            let reshape: String?
            enum CodingKeys: String, CodingKey { case key, reshape, onnxNode = "onnx_node" }
        }
        let targets: [Int]
        let models: [String: Model]
    }

    static let manifest = try! JSONDecoder().decode(Manifest.self, from: Data(contentsOf: directory.appendingPathComponent("manifest.json")))

    /// ConvNeXt keeps N×C×h×w between its blocks; Swin N×h×w×C (its last permute is N×C×h×w again);
    /// torchvision's ViT one class token, DeiT a class and a distillation token.
    static let models = ["convnext", "swin", "vit", "deit_distilled"]

    static func network(_ name: String) throws -> Network {
        let model = try #require(manifest.models[name])
        return try ONNXModel.network(contentsOf: directory.appendingPathComponent(model.file))
    }

    @Test(arguments: models)
    func theDefaultLayerIsTheLastFeatureMapEveryPathAndTheGradientReach(_ name: String) throws {
        let expected = try #require(Self.manifest.models[name]).defaultLayer
        #expect(try Self.network(name).defaultCAMLayer() == expected)
    }

    @Test(arguments: models)
    func gradCAMMatchesPytorchGradCamWithItsReshapeTransform(_ name: String) throws {
        let network = try Self.network(name)
        let inputs = try NumpyFormat.tensor(contentsOf: Self.directory.appendingPathComponent("inputs.npy"))
        for reference in try #require(Self.manifest.models[name]).references {
            let expected = try NumpyFormat.tensor(contentsOf: Self.directory.appendingPathComponent("\(name).\(reference.key).npy"))
            #expect(expected.scalars.contains { $0 > 0 }, "\(name).\(reference.key): the reference is all zero, a vacuous test")
            let ours = try ClassActivationMapping(.gradCAM, layer: reference.onnxNode)
                .attribute(inputs, targets: Self.manifest.targets, model: network, progress: .silent)
            #expect(ours.shape == expected.shape, "\(name).\(reference.key): \(ours.shape) against \(expected.shape)")
            let scale = try #require(expected.scalars.max())
            let error = ours.shape == expected.shape ? ours.maximumAbsoluteDifference(to: expected) / scale : .infinity
            #expect(error <= 1e-4, "\(name).\(reference.key) at \(reference.onnxNode) (\(reference.reshape ?? "N×C×h×w")): relative error \(error)")
        }
    }

    @Test func aLayerWithoutPlacesIsRefusedNamingItsShape() throws {
        let network = try Self.network("convnext")
        let inputs = try NumpyFormat.tensor(contentsOf: Self.directory.appendingPathComponent("inputs.npy"))
        let error = #expect(throws: AttributionError.self) {
            try ClassActivationMapping(.gradCAM, layer: "/classifier/classifier.0/LayerNormalization")
                .attribute(inputs, targets: Self.manifest.targets, model: network, progress: .silent)
        }
        #expect(error?.description.contains("[2, 1, 1, 32]") == true, "\(String(describing: error))")
    }
}
