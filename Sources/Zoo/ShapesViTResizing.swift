import Imaging
import Networks
import Tensor

extension ShapesViT {
    /// A trained ShapesViT made to take `inputSize`² images, or nil when `trained` is not a
    /// ShapesViT (its parameters do not have the architecture's names and shapes).
    ///
    /// Everything but the position embeddings is independent of the input size: the stem is
    /// convolutional, attention and the MLP act on any number of tokens. The embeddings, learned on
    /// the training grid, are resampled bilinearly to the larger grid, each one to where its cell
    /// lands in the larger image: Dosovitskiy et al. (2021, section 3.2) do this to fine-tune at a
    /// higher resolution, and timm's `dynamic_img_size` to run at any size. GridPG needs it to feed
    /// the ViT a mosaic of full-size scenes, as it feeds a CNN.
    public static func resized(_ trained: Network, inputSize: Int) throws -> Network? {
        guard let position = trained.parameters["position"], position.shape.count == 3,
              let head = trained.parameters["head.weight"], head.shape.count == 2 else { return nil }
        let trainedSide = Int(Double(position.shape[1]).squareRoot().rounded())
        guard trainedSide * trainedSide == position.shape[1] else { return nil }
        let trainedSize = trainedSide << stemWidths.count
        guard inputSize % (1 << stemWidths.count) == 0, inputSize >= 1 << stemWidths.count else {
            throw ZooError.invalidInputSize(inputSize, multipleOf: 1 << stemWidths.count)
        }
        var resized = try network(classes: head.shape[0], inputSize: inputSize, seed: 0)
        let expected = try network(classes: head.shape[0], inputSize: trainedSize, seed: 0).parameters
        guard expected.keys.sorted() == trained.parameters.keys.sorted(),
              expected.allSatisfy({ trained.parameters[$0.key]?.shape == $0.value.shape }) else { return nil }
        resized.parameters = trained.parameters
        resized.metadata = trained.metadata
        let side = inputSize >> stemWidths.count
        // tokens × width → width × side × side planes, resampled, and back.
        let grid = try position.reshaped([trainedSide, trainedSide, width]).transposed([2, 0, 1])
        resized.parameters["position"] = try grid.resizedBilinear(height: side, width: side)
            .transposed([1, 2, 0]).reshaped([1, side * side, width])
        return resized
    }
}
