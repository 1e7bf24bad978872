import Datasets
import Tensor
import Testing

@Suite struct MosaicTests {
    @Test func aMosaicOfChosenScenesHoldsThemRowByRow() throws {
        let builder = MosaicBuilder(gridSize: 2)
        let mosaic = try builder.mosaic(sceneIndices: [3, 15, 27, 9])
        #expect(mosaic.labels == [3, 5, 7, 9])
        #expect(mosaic.cells[2] == PixelBox(top: 64, left: 0, bottom: 128, right: 64))
        let scene = try ShapesDataset().scene(27, split: .test).image
        for channel in 0..<3 {
            for row in 0..<64 {
                let start = (channel * 128 + 64 + row) * 128
                #expect(Array(mosaic.image.scalars[start..<(start + 64)]) == Array(scene.scalars[((channel * 64 + row) * 64)..<((channel * 64 + row) * 64 + 64)]))
            }
        }
        #expect(throws: DatasetError.self) { try builder.mosaic(sceneIndices: [1, 2, 3]) }
    }
}
