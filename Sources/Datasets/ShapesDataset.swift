import Foundation
import Tensor

/// The embedded default data set: 64×64 scenes of one coloured shape over clutter, with the class
/// and a pixel mask of the object for every scene.
///
/// Nothing is stored: scene `i` of a split is generated from (seed, split, i), so it is the same on
/// every machine and in every order. Scene `i` is of class `i mod 10`, which keeps every prefix of a
/// split balanced.
public struct ShapesDataset: Sendable {
    public static let defaultSeed: UInt64 = 2023
    public static let classCount = ShapeClass.allCases.count

    public var seed: UInt64
    public var imageSize: Int

    public init(seed: UInt64 = ShapesDataset.defaultSeed, imageSize: Int = 64) {
        self.seed = seed
        self.imageSize = imageSize
    }

    /// How many scenes each split offers.
    public func count(of split: Split) -> Int {
        switch split {
        case .train: 200_000
        case .validation: 5_000
        case .test: 10_000
        }
    }

    public func scene(_ index: Int, split: Split = .test) throws -> Scene {
        guard (0..<count(of: split)).contains(index) else {
            throw DatasetError.indexOutOfRange(index, count: count(of: split))
        }
        var generator = SeededGenerator(seed: seed, stream: split.stream, index: UInt64(index))
        let label = ShapeClass(rawValue: index % Self.classCount)!
        return SceneRenderer(size: imageSize).render(label, using: &generator)
    }

    /// Scenes `indices` of `split` as one batch: images N×3×H×W, masks N×1×H×W and the labels.
    public func batch(_ indices: some Collection<Int>, split: Split = .test) throws -> Batch {
        let scenes = try ParallelMap.map(Array(indices)) { try scene($0, split: split) }
        return try Batch(scenes: scenes)
    }
}

/// Many scenes stacked for a network.
public struct Batch: Sendable {
    public var images: Tensor
    public var masks: Tensor
    public var labels: [Int]

    public init(scenes: [Scene]) throws {
        guard let first = scenes.first else { throw DatasetError.invalidArgument("a batch needs at least one scene") }
        let (height, width) = (first.image.shape[1], first.image.shape[2])
        images = try Tensor(shape: [scenes.count, 3, height, width], scalars: scenes.flatMap(\.image.scalars))
        masks = try Tensor(shape: [scenes.count, 1, height, width], scalars: scenes.flatMap(\.mask.scalars))
        labels = scenes.map(\.label.rawValue)
    }
}
