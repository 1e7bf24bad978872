import Tensor

/// An n×n grid of scenes of distinct classes, for the grid pointing game (Böhle et al. CVPR 2022):
/// an attribution map for the class of one cell should fall inside that cell.
public struct Mosaic: Sendable {
    /// 3×(n·H)×(n·W).
    public var image: Tensor
    /// The class of every cell, row-major.
    public var labels: [Int]
    /// The pixel box of every cell, row-major.
    public var cells: [PixelBox]
    /// The index in the source split of every cell's scene.
    public var sourceIndices: [Int]
    public var gridSize: Int
}

/// Builds the GridPG mosaic of chosen scenes of the shapes data set (`%data mosaic`); `MosaicPlanner`
/// chooses the images of a sweep's mosaics from any labelled set.
public struct MosaicBuilder: Sendable {
    public var dataset: ShapesDataset
    public var gridSize: Int
    public var split: Split

    public init(dataset: ShapesDataset = ShapesDataset(), gridSize: Int = 2, split: Split = .test) {
        self.dataset = dataset
        self.gridSize = gridSize
        self.split = split
    }

    /// The mosaic of these scenes of the split, row by row (G² of them).
    public func mosaic(sceneIndices indices: [Int]) throws -> Mosaic {
        guard indices.count == gridSize * gridSize else {
            throw DatasetError.invalidArgument("a \(gridSize)×\(gridSize) mosaic takes \(gridSize * gridSize) scenes, not \(indices.count)")
        }
        let scenes = try indices.map { try dataset.scene($0, split: split) }
        return try Mosaic(tiles: scenes.map(\.image), labels: scenes.map(\.label.rawValue), sourceIndices: indices, gridSize: gridSize)
    }
}

extension Mosaic {
    /// The G×G `tiles` (each 3×S×S) side by side, row by row.
    public init(tiles: [Tensor], labels: [Int], sourceIndices: [Int], gridSize: Int) throws {
        guard tiles.count == gridSize * gridSize, labels.count == tiles.count, let side = tiles.first?.shape.last,
              tiles.allSatisfy({ $0.shape == [3, side, side] }) else {
            throw DatasetError.invalidArgument("a \(gridSize)×\(gridSize) mosaic takes \(gridSize * gridSize) square 3-channel tiles of one size, "
                + "not \(tiles.map(\.shape))")
        }
        let full = side * gridSize
        var image = Tensor(shape: [3, full, full])
        var cells: [PixelBox] = []
        for (cell, tile) in tiles.enumerated() {
            let (top, left) = (cell / gridSize * side, cell % gridSize * side)
            cells.append(PixelBox(top: top, left: left, bottom: top + side, right: left + side))
            for channel in 0..<3 {
                for row in 0..<side {
                    let source = (channel * side + row) * side
                    let target = (channel * full + top + row) * full + left
                    image.scalars.replaceSubrange(target..<(target + side), with: tile.scalars[source..<(source + side)])
                }
            }
        }
        self.init(image: image, labels: labels, cells: cells, sourceIndices: sourceIndices, gridSize: gridSize)
    }
}
