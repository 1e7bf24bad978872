import Attribution
import Foundation
import Networks
import ONNX
import Tensor
import Testing

/// Grad-CAM on the exporter zoo's files (Fixtures/exporters, made by tools/make_exporter_zoo.py): every
/// file that loads has a default CAM layer, and where the generator recorded Grad-CAM at the layer
/// pytorch-grad-cam's users pick (`gradcam.npy`: autograd hooks on the float64 module, with its reshape
/// transform for tokens and channels-last), our Grad-CAM at the tensor of the file that holds that layer's
/// output matches it, and so does our Grad-CAM at the default layer where the layer is a feature map
/// (N×C×h×w or N×h×w×C). A ViT's default is the input of its last block, one LayerNorm before the
/// reference (CAMMethods says why), so there only the named layer is compared. Each test prints
/// "exporter zoo: <file> default CAM layer <name>" for tools/report_exporter_zoo.py.
@Suite struct ExporterZooCAMTests {
    @Test(arguments: ZooFixture.all.filter { $0.expect == .match })
    func theDefaultLayerIsFoundAndMatchesPytorchGradCam(_ fixture: ZooFixture) throws {
        // ExporterZooTests reports the files that do not load.
        guard let network = try? ONNXModel.network(contentsOf: fixture.url(fixture.model), inputShape: fixture.loadInputShape) else { return }
        let inputs = try fixture.tensor(fixture.input)
        try check(fixture, on: network, inputs: inputs)
    }

    private func check(_ fixture: ZooFixture, on network: Network, inputs: Tensor) throws {
        let layer = try network.defaultCAMLayer()
        print("exporter zoo: \(fixture.name) default CAM layer \(layer)")
        guard let reference = fixture.gradcam, let target = fixture.target else { return }
        let expected = try fixture.tensor(reference.file)
        #expect(expected.scalars.contains { $0 > 0 }, "\(fixture.name): the reference is all zero, a vacuous test")
        let named = network.nodes.first { $0.outputs.contains(reference.onnxTensor) }?.name ?? reference.onnxTensor
        var layers = [("the reference's layer \(named)", named)]
        if reference.layout != "tokens" { layers.append(("the default layer \(layer)", layer)) }
        for (description, name) in layers {
            let ours = try ClassActivationMapping(.gradCAM, layer: name)
                .attribute(inputs, targets: Array(repeating: target, count: inputs.shape[0]), model: network, progress: .silent)
            let flat = try ours.shape.count == 4 && ours.shape[1] == 1
                ? ours.reshaped([ours.shape[0], ours.shape[2], ours.shape[3]]) : ours
            let scale = expected.scalars.max() ?? 1
            let error = flat.shape == expected.shape ? flat.maximumAbsoluteDifference(to: expected) / scale : .infinity
            #expect(error <= 1e-3, "\(fixture.name): Grad-CAM at \(description) \(flat.shape) differs from pytorch-grad-cam's at \(reference.module) \(expected.shape) by \(error) relative")
        }
    }
}
