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

/// Builds GridPG mosaics from the test split, using only scenes the model classifies correctly with
/// at least `confidence`, so that a cell's class is certainly visible in that cell.
public struct MosaicBuilder: Sendable {
    public var dataset: ShapesDataset
    public var gridSize: Int
    public var confidence: Float
    public var split: Split

    public init(dataset: ShapesDataset = ShapesDataset(), gridSize: Int = 2, confidence: Float = 0.99, split: Split = .test) {
        self.dataset = dataset
        self.gridSize = gridSize
        self.confidence = confidence
        self.split = split
    }

    /// `count` mosaics. `probabilities` maps a batch of images (N×3×H×W) to class probabilities (N×K).
    /// The choice of classes per mosaic is drawn from `seed`.
    public func mosaics(count: Int, seed: UInt64, probabilities: (Tensor) throws -> Tensor) throws -> [Mosaic] {
        let cellCount = gridSize * gridSize
        guard gridSize >= 1, cellCount <= ShapesDataset.classCount else {
            throw DatasetError.mosaicUnfillable(
                "a \(gridSize)×\(gridSize) grid needs \(cellCount) distinct classes; there are \(ShapesDataset.classCount)")
        }
        var generator = SeededGenerator(seed: seed)
        let classChoices: [[Int]] = (0..<count).map { _ in
            Array(Array(0..<ShapesDataset.classCount).shuffled(using: &generator).prefix(cellCount))
        }
        var needed = [Int](repeating: 0, count: ShapesDataset.classCount)
        for choice in classChoices { for label in choice { needed[label] += 1 } }

        var pool = try confidentScenes(needed: needed, probabilities: probabilities)
        return try classChoices.map { labels in
            let indices = labels.map { pool[$0].removeFirst() }
            return try mosaic(sceneIndices: indices)
        }
    }

    /// For every class, the first `needed[class]` scene indices classified right with enough confidence.
    private func confidentScenes(needed: [Int], probabilities: (Tensor) throws -> Tensor) throws -> [[Int]] {
        var pool = [[Int]](repeating: [], count: ShapesDataset.classCount)
        let chunk = 100
        var start = 0
        let total = dataset.count(of: split)
        while zip(pool, needed).contains(where: { $0.count < $1 }) {
            guard start < total else {
                let short = needed.indices.filter { pool[$0].count < needed[$0] }.map { ShapeClass(rawValue: $0)!.name }
                throw DatasetError.mosaicUnfillable(
                    "too few scenes of \(short.joined(separator: ", ")) reach confidence \(confidence) in the \(split.rawValue) split")
            }
            let indices = Array(start..<min(start + chunk, total))
            start += chunk
            let batch = try dataset.batch(indices, split: split)
            let scores = try probabilities(batch.images)
            guard scores.rank == 2, scores.shape[0] == indices.count, scores.shape[1] == ShapesDataset.classCount else {
                throw DatasetError.invalidArgument(
                    "the classifier returned shape \(scores.shape) for \(indices.count) images of \(ShapesDataset.classCount) classes")
            }
            for (row, index) in indices.enumerated() {
                let label = batch.labels[row]
                if pool[label].count < needed[label], scores.scalars[row * ShapesDataset.classCount + label] >= confidence {
                    pool[label].append(index)
                }
            }
        }
        return pool
    }

    /// The mosaic of these scenes of the split, row by row (G² of them).
    public func mosaic(sceneIndices indices: [Int]) throws -> Mosaic {
        guard indices.count == gridSize * gridSize else {
            throw DatasetError.invalidArgument("a \(gridSize)×\(gridSize) mosaic takes \(gridSize * gridSize) scenes, not \(indices.count)")
        }
        let scenes = try indices.map { try dataset.scene($0, split: split) }
        let side = dataset.imageSize
        let full = side * gridSize
        var image = Tensor(shape: [3, full, full])
        var cells: [PixelBox] = []
        for (cell, scene) in scenes.enumerated() {
            let (top, left) = (cell / gridSize * side, cell % gridSize * side)
            cells.append(PixelBox(top: top, left: left, bottom: top + side, right: left + side))
            for channel in 0..<3 {
                for row in 0..<side {
                    let source = (channel * side + row) * side
                    let target = (channel * full + top + row) * full + left
                    image.scalars.replaceSubrange(target..<(target + side), with: scene.image.scalars[source..<(source + side)])
                }
            }
        }
        return Mosaic(image: image, labels: scenes.map(\.label.rawValue), cells: cells,
                      sourceIndices: indices, gridSize: gridSize)
    }
}
