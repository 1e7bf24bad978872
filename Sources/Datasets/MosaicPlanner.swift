import Tensor

/// Chooses the pictures of GridPG mosaics from a labelled set (Böhle et al. CVPR 2022): mosaic i holds
/// G² pictures of distinct classes, each one the model classifies right with the confidence asked.
///
/// Every mosaic is drawn on its own from a generator seeded by (seed, i): a random order of the classes
/// and, within each class, a random order of its pictures; each cell takes the first accepted picture
/// of the next class that has one. So mosaic i is the same whichever other mosaics are made, in any
/// order or on another machine (a shard of a sweep makes exactly its share), and the mosaics are
/// independent draws from one distribution, as a bootstrap over them assumes. A picture may appear in
/// several mosaics, as when sampling with replacement.
public struct MosaicPlanner: Sendable {
    public let gridSize: Int
    public let seed: UInt64
    /// The pictures of each class, in the set's order.
    let members: [Int: [Int]]
    /// The classes with pictures, ascending.
    let classes: [Int]

    /// Plans from the set's labels (unlabelled pictures never enter a mosaic).
    public init(labels: some Sequence<Int?>, gridSize: Int, seed: UInt64) throws {
        var members: [Int: [Int]] = [:]
        for (index, label) in labels.enumerated() {
            if let label { members[label, default: []].append(index) }
        }
        guard gridSize >= 1, members.count >= gridSize * gridSize else {
            throw DatasetError.mosaicUnfillable("a \(gridSize)×\(gridSize) grid needs \(gridSize * gridSize) distinct classes; "
                + "the set has pictures of \(members.count)")
        }
        self.gridSize = gridSize
        self.seed = seed
        self.members = members
        classes = members.keys.sorted()
    }

    /// The pictures of mosaic `index`, row by row. `accepts` says whether the model classifies a picture
    /// right with enough confidence; it must answer the same for the same picture every time.
    public func items(ofMosaic index: Int, accepting accepts: (Int) throws -> Bool) throws -> [Int] {
        var generator = SeededGenerator(seed: seed, stream: 0x4D4F_5341_4943, index: UInt64(index))  // "MOSAIC"
        // Both orders are drawn lazily, one Fisher–Yates step at a time: a mosaic of 1 000 classes of 50 pictures
        // costs a few draws, not a permutation of everything.
        var order = classes
        var chosen: [Int] = []
        for position in order.indices where chosen.count < gridSize * gridSize {
            Self.draw(&order, at: position, using: &generator)
            var pool = members[order[position]]!
            for candidate in pool.indices {
                Self.draw(&pool, at: candidate, using: &generator)
                if try accepts(pool[candidate]) {
                    chosen.append(pool[candidate])
                    break
                }
            }
        }
        guard chosen.count == gridSize * gridSize else {
            throw DatasetError.mosaicUnfillable("only \(chosen.count) of the set's \(classes.count) classes have a picture the model "
                + "classifies right with the confidence asked; a \(gridSize)×\(gridSize) mosaic needs \(gridSize * gridSize)")
        }
        return chosen
    }

    /// Fisher–Yates, one step: a uniformly chosen element of `values[position...]` moves to `position`.
    /// The draw maps 64 random bits onto the range by multiplication (Lemire), the same on every platform.
    static func draw(_ values: inout [Int], at position: Int, using generator: inout SeededGenerator) {
        let remaining = UInt64(values.count - position)
        values.swapAt(position, position + Int(generator.next().multipliedFullWidth(by: remaining).high))
    }
}
