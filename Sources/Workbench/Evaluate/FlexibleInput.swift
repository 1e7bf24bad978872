import Datasets
import Imaging
import Networks
import Tensor
import Zoo

extension ModelValue {
    /// The same model for images of `height`×`width`, or nil when it cannot take them: a fully
    /// convolutional network declared for the new size (GridPG mosaics, images larger than the
    /// training ones), the shapes ViT with its position embeddings resampled to the larger token
    /// grid. A network with other fixed-size layers (a flattening classifier) fails a trial pass.
    func accepting(height: Int, width: Int) throws -> ModelValue? {
        var copy = self
        if height == width, let resized = try ShapesViT.resized(network, inputSize: height) {
            copy.network = resized
            return copy
        }
        for index in copy.network.inputs.indices where copy.network.inputs[index].shape.count == 4 {
            let shape = copy.network.inputs[index].shape
            copy.network.inputs[index] = ValueInfo(name: copy.network.inputs[index].name, shape: [shape[0], shape[1], height, width])
        }
        guard let shape = copy.network.inputs.first?.shape, shape.count == 4,
              (try? copy.network.forward(Tensor(shape: [1] + shape.dropFirst()))) != nil else { return nil }
        return copy
    }
}

/// How GridPG mosaics meet the model. Fully convolutional models and the shapes ViT take the mosaic
/// of full-size scenes (Böhle et al.); other models with a fixed input size take it shrunk to that
/// size, each scene at 1/G of its side (the VAR paper's Quad-ImageNet: four 112² images in one 224²
/// input).
enum MosaicLayout: String {
    case enlarged
    case shrunk

    func fitted(_ mosaic: Mosaic, side: Int) throws -> Mosaic {
        guard self == .shrunk else { return mosaic }
        var fitted = mosaic
        fitted.image = try mosaic.image.resizedBilinear(height: side, width: side)
        let scale = { (pixel: Int) in pixel * side / mosaic.image.shape[1] }
        fitted.cells = mosaic.cells.map { PixelBox(top: scale($0.top), left: scale($0.left), bottom: scale($0.bottom), right: scale($0.right)) }
        return fitted
    }
}
