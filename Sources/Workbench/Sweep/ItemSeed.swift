import Tensor

/// The seed of one item of a sweep (a mosaic, an image), derived from the sweep's seed and the item's
/// index alone: random methods (SmoothGrad's noise, RISE's masks) draw the same numbers for item i
/// whether the sweep runs whole, in shards, or only that item.
enum ItemSeed {
    /// Below 9e15, as `--seed` takes, and exact in JSON.
    static let range: UInt64 = 9_000_000_000_000_000

    static func seed(_ base: UInt64, item: Int) -> UInt64 {
        var generator = SeededGenerator(seed: base, stream: 0x4954_454D, index: UInt64(item))  // "ITEM"
        return generator.next() % range
    }
}
