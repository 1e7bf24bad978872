import Datasets
import Tensor
import Testing

@Suite struct MosaicTests {
    /// A classifier that is unsure of everything: 1/10 for every class.
    static func uniform(_ images: Tensor) -> Tensor {
        Tensor(shape: [images.shape[0], 10], repeating: 0.1)
    }

    @Test func cellsHoldTheirScenesOfDistinctClasses() throws {
        let builder = MosaicBuilder(gridSize: 2, confidence: 0.05)
        let mosaics = try builder.mosaics(count: 5, seed: 3, probabilities: Self.uniform)
        #expect(mosaics.count == 5)
        let dataset = ShapesDataset()
        for mosaic in mosaics {
            #expect(mosaic.image.shape == [3, 128, 128])
            #expect(Set(mosaic.labels).count == 4)
            #expect(mosaic.cells[3] == PixelBox(top: 64, left: 64, bottom: 128, right: 128))
            for cell in 0..<4 {
                let scene = try dataset.scene(mosaic.sourceIndices[cell])
                #expect(scene.label.rawValue == mosaic.labels[cell])
                let box = mosaic.cells[cell]
                for channel in 0..<3 {
                    for row in 0..<64 {
                        let expected = scene.image.scalars[(channel * 64 + row) * 64..<(channel * 64 + row + 1) * 64]
                        let start = (channel * 128 + box.top + row) * 128 + box.left
                        #expect(Array(mosaic.image.scalars[start..<(start + 64)]) == Array(expected))
                    }
                }
            }
        }
        // No scene is used twice.
        let used = mosaics.flatMap(\.sourceIndices)
        #expect(Set(used).count == used.count)
    }

    @Test func theSeedChoosesTheClasses() throws {
        let builder = MosaicBuilder(confidence: 0.05)
        let a = try builder.mosaics(count: 3, seed: 1, probabilities: Self.uniform).map(\.labels)
        let b = try builder.mosaics(count: 3, seed: 1, probabilities: Self.uniform).map(\.labels)
        let c = try builder.mosaics(count: 3, seed: 2, probabilities: Self.uniform).map(\.labels)
        #expect(a == b)
        #expect(a != c)
    }

    @Test func unfillableRequestsAreClearErrors() throws {
        let error = #expect(throws: DatasetError.self) {
            try MosaicBuilder(gridSize: 4).mosaics(count: 1, seed: 1, probabilities: Self.uniform)
        }
        #expect(error?.description.contains("16 distinct classes") == true)
        // Nothing reaches the confidence: the builder reads the whole split, then says which classes fell short.
        let small = MosaicBuilder(dataset: ShapesDataset(), gridSize: 2, confidence: 0.5, split: .validation)
        let shortfall = #expect(throws: DatasetError.self) {
            try small.mosaics(count: 1, seed: 1, probabilities: Self.uniform)
        }
        #expect(shortfall?.description.contains("reach confidence 0.5") == true)
    }

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
