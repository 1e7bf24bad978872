import Attribution
import Foundation
import Networks
import ONNX
import Tensor
import Testing

/// Our methods against the trusted Python libraries, number for number, on one small CNN.
///
/// The model, its inputs and the references come from tools/make_attribution_references.py
/// (Captum, pytorch-grad-cam, Zennit; computed in float64, stored as float32); manifest.json in
/// Fixtures lists every file with its library version and parameters. The measure is
/// max |ours − reference| / max |reference| over the whole batch; REFERENCE_PARITY_VERBOSE=1 prints it.
@Suite struct ReferenceParityTests {
    static let directory = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!

    struct Manifest: Decodable {
        let camLayer: String
        enum CodingKeys: String, CodingKey { case camLayer = "cam_layer" }
    }

    let network: Network
    let inputs: Tensor
    let targets: [Int]
    let camLayer: String

    init() throws {
        network = try ONNXModel.network(contentsOf: Self.directory.appendingPathComponent("reference_cnn.onnx"))
        inputs = try Self.reference("inputs")
        targets = try Self.reference("targets").scalars.map { Int($0) }
        let manifest = try JSONDecoder().decode(
            Manifest.self, from: Data(contentsOf: Self.directory.appendingPathComponent("manifest.json")))
        camLayer = manifest.camLayer
    }

    static func reference(_ name: String) throws -> Tensor {
        try NumpyFormat.tensor(contentsOf: directory.appendingPathComponent("\(name).npy"))
    }

    /// max |actual − expected| relative to max |expected|.
    func relativeError(_ actual: Tensor, _ expected: Tensor) -> Float {
        guard actual.shape == expected.shape else { return .infinity }
        let scale = expected.scalars.map(abs).max() ?? 0
        return actual.maximumAbsoluteDifference(to: expected) / max(scale, .leastNormalMagnitude)
    }

    func check(_ method: any AttributionMethod, against name: String, tolerance: Float = 1e-4,
               sourceLocation: SourceLocation = #_sourceLocation) throws {
        let expected = try Self.reference(name)
        #expect(expected.scalars.contains { $0 != 0 }, "\(name): the reference is all zero, a vacuous test",
                sourceLocation: sourceLocation)
        let actual = try method.attribute(inputs, targets: targets, model: network, progress: .silent)
        #expect(actual.shape == expected.shape, "\(name): shape \(actual.shape), reference \(expected.shape)",
                sourceLocation: sourceLocation)
        let error = relativeError(actual, expected)
        if ProcessInfo.processInfo.environment["REFERENCE_PARITY_VERBOSE"] != nil {
            print("reference parity: \(name) relative error \(error)")
        }
        #expect(error <= tolerance, "\(name): relative error \(error) > \(tolerance)", sourceLocation: sourceLocation)
    }

    @Test func logitsMatchPyTorch() throws {
        #expect(relativeError(try network.forward(inputs), try Self.reference("logits")) <= 1e-5)
    }

    // Captum.

    @Test func saliencyMatchesCaptum() throws {
        try check(Saliency(absolute: true), against: "saliency")
    }

    @Test func inputTimesGradientMatchesCaptum() throws {
        try check(InputTimesGradient(), against: "input_x_gradient")
    }

    @Test func integratedGradientsMatchCaptum() throws {
        try check(IntegratedGradients(steps: 32, rule: .gaussLegendre, baseline: .zeros), against: "ig_gausslegendre")
        // Captum's trapezoid weights are 1/n with halved ends (they sum to (n−1)/n, not 1); ours follow it.
        try check(IntegratedGradients(steps: 32, rule: .riemannTrapezoid, baseline: .zeros),
                  against: "ig_riemann_trapezoid")
    }

    @Test func guidedBackpropMatchesCaptum() throws {
        try check(ModifiedBackprop(.guidedBackprop), against: "guided_backprop")
    }

    @Test func deconvolutionMatchesCaptum() throws {
        try check(ModifiedBackprop(.deconvnet), against: "deconvolution")
    }

    @Test func gradCAMMatchesCaptumLayerGradCam() throws {
        // Captum's LayerGradCam with relu_attributions=True, at the layer's 16×16, not upsampled.
        try check(ClassActivationMapping(.gradCAM, layer: camLayer), against: "layer_gradcam")
    }

    @Test func occlusionMatchesCaptum() throws {
        try check(Occlusion(window: 8, stride: 4, baseline: .zeros), against: "occlusion")
    }

    @Test func deepLiftMatchesCaptum() throws {
        // The rescale rule at the ReLUs and Captum's rule at the max pool, with two references.
        try check(DeepLift(baseline: .zeros), against: "deeplift")
        try check(DeepLift(baseline: .constant(0.5)), against: "deeplift_constant")
    }

    // pytorch-grad-cam: its CAMs before its min-max normalisation and resizing (see the script).

    @Test(arguments: [(ClassActivationMapping.Variant.gradCAM, "gradcam"), (.gradCAMPlusPlus, "gradcampp"),
                      (.layerCAM, "layercam")])
    func camMatchesPytorchGradCam(_ variant: ClassActivationMapping.Variant, _ name: String) throws {
        try check(ClassActivationMapping(variant, layer: camLayer), against: name)
    }

    /// The library's user-facing output too: per image, min-max normalised (max + 1e-7), resized to
    /// 32×32 by OpenCV's bilinear (half-pixel, as our `upsampled`), then normalised once more when the
    /// (single) layer's maps are aggregated. Normalising magnifies nothing here: min is 0, max ≈ 1.
    @Test(arguments: [(ClassActivationMapping.Variant.gradCAM, "gradcam"), (.gradCAMPlusPlus, "gradcampp"),
                      (.layerCAM, "layercam")])
    func normalizedCAMMatchesPytorchGradCam(_ variant: ClassActivationMapping.Variant, _ name: String) throws {
        let maps = try ClassActivationMapping(variant, layer: camLayer)
            .attribute(inputs, targets: targets, model: network, progress: .silent)
        let upsampled = try ClassActivationMapping.upsampled(Self.minMaxNormalized(maps), height: 32, width: 32)
        let ours = try Self.minMaxNormalized(upsampled).reshaped([2, 32, 32])
        let expected = try Self.reference("\(name)_normalized")
        let error = relativeError(ours, expected)
        if ProcessInfo.processInfo.environment["REFERENCE_PARITY_VERBOSE"] != nil {
            print("reference parity: \(name)_normalized relative error \(error)")
        }
        #expect(error <= 1e-4, "\(name)_normalized: relative error \(error)")
    }

    /// pytorch-grad-cam's `scale_cam_image` without resizing: (x − min) / (1e-7 + max − min) per image.
    static func minMaxNormalized(_ maps: Tensor) throws -> Tensor {
        var result = maps
        let size = maps.count / maps.shape[0]
        for item in 0..<maps.shape[0] {
            let range = (item * size)..<((item + 1) * size)
            let low = maps.scalars[range].min()!
            let high = maps.scalars[range].map { $0 - low }.max()!
            for index in range { result.scalars[index] = (maps.scalars[index] - low) / (1e-7 + high) }
        }
        return result
    }

    // Zennit, seeded with one-hot × the target's logit as our LRP is.

    @Test(arguments: [(LayerwiseRelevancePropagation.Rules.epsilonPlusFlat, "lrp_epsilon_plus_flat"),
                      (.epsilonGammaBox, "lrp_epsilon_gamma_box"),
                      (.epsilonAlpha2Beta1Flat, "lrp_epsilon_alpha2_beta1_flat")])
    func lrpMatchesZennit(_ rules: LayerwiseRelevancePropagation.Rules, _ name: String) throws {
        try check(LayerwiseRelevancePropagation(rules: rules, epsilon: 1e-6, gamma: 0.25),
                  against: name)
    }
}
