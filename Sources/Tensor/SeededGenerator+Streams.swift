extension SeededGenerator {
    /// The generator of item `index` in stream `stream` of a family seeded by `seed`: any item (a
    /// scene, a restart, a class) can be made alone and in any order, and always comes out the same.
    public init(seed: UInt64, stream: UInt64, index: UInt64) {
        self = SeededGenerator(seed: seed).derived(stream).derived(index)
    }

    /// Uniform in [low, high).
    public mutating func uniform(_ low: Float, _ high: Float) -> Float {
        low + (high - low) * nextUniform()
    }
}
