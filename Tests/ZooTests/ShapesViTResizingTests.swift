import Datasets
import Networks
import Tensor
import Testing
import Zoo

/// The shipped ViT made to take larger images (GridPG's mosaics): position embeddings resampled to
/// the larger token grid, every other weight as trained.
@Suite struct ShapesViTResizingTests {
    @Test func itKeepsEveryWeightButThePositionEmbeddings() throws {
        let trained = try ModelZoo.load("shapes-vit")
        let wide = try #require(try ShapesViT.resized(trained, inputSize: 128))
        #expect(wide.inputs.first?.shape == [-1, 3, 128, 128])
        for (name, value) in trained.parameters where name != "position" {
            #expect(wide.parameters[name] == value, "\(name) changed")
        }
        let (old, new) = (try #require(trained.parameters["position"]), try #require(wide.parameters["position"]))
        #expect(new.shape == [1, 256, ShapesViT.width])
        // Resampling by two puts the corner token's embedding where the corner was, unchanged, and
        // the one beside it a quarter of the way to the next original token.
        let row = { (tensor: Tensor, token: Int) in Array(tensor.scalars[(token * ShapesViT.width)..<((token + 1) * ShapesViT.width)]) }
        #expect(row(new, 0) == row(old, 0))
        for (value, expected) in zip(row(new, 1), zip(row(old, 0), row(old, 1)).map { 0.75 * $0 + 0.25 * $1 }) {
            #expect(abs(value - expected) <= 1e-6)
        }
        #expect(try wide.forward(Tensor(shape: [1, 3, 128, 128])).shape == [1, 10])
    }

    @Test func atItsOwnSizeItIsTheTrainedNetwork() throws {
        let trained = try ModelZoo.load("shapes-vit")
        let same = try #require(try ShapesViT.resized(trained, inputSize: 64))
        let scenes = try ShapesDataset().batch(0..<4, split: .test).images
        #expect(try same.forward(scenes) == trained.forward(scenes))
    }

    /// Four copies of a test scene in a 128×128 image: the resized ViT names it for 95 of the first
    /// 100 scenes (99 at 64×64). Without resampled embeddings the 256 tokens would not even fit.
    @Test func itRecognisesScenesInTheLargerImage() throws {
        let wide = try #require(try ShapesViT.resized(try ModelZoo.load("shapes-vit"), inputSize: 128))
        let batch = try ShapesDataset().batch(0..<100, split: .test)
        let plane = 64 * 64
        var tiled: [Float] = []
        tiled.reserveCapacity(100 * 3 * 4 * plane)
        for item in 0..<100 {
            let scene = batch.images.scalars[(item * 3 * plane)..<((item + 1) * 3 * plane)]
            for channel in 0..<3 {
                for y in 0..<128 {
                    for x in 0..<128 { tiled.append(scene[scene.startIndex + channel * plane + (y % 64) * 64 + x % 64]) }
                }
            }
        }
        let predictions = try wide.forward(Tensor(shape: [100, 3, 128, 128], scalars: tiled), chunkSize: 50).argmaxAlongLastAxis()
        #expect(zip(predictions, batch.labels).filter { $0 == $1 }.count >= 90)
    }

    @Test func otherNetworksAndBadSizesAreRefused() throws {
        #expect(try ShapesViT.resized(try ModelZoo.load("shapes-cnn"), inputSize: 128) == nil)
        let vit = try ShapesViT.network(seed: 1)
        #expect(throws: ZooError.invalidInputSize(100, multipleOf: 8)) { try ShapesViT.resized(vit, inputSize: 100) }
    }
}
