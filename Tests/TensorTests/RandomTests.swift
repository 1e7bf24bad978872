import Testing
import Tensor

struct RandomTests {
    @Test func sameSeedSameStreamDifferentSeedDifferentStream() {
        var a = SeededGenerator(seed: 7), b = SeededGenerator(seed: 7), c = SeededGenerator(seed: 8)
        let first = (0..<5).map { _ in a.next() }
        #expect(first == (0..<5).map { _ in b.next() })
        #expect(first != (0..<5).map { _ in c.next() })
    }

    @Test func knownFirstValuesOfSplitMix64() {
        // Reference values of SplitMix64 (Steele, Lea & Flood 2014) for seed 0.
        var generator = SeededGenerator(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
    }

    @Test func uniformAndNormalHaveTheirMoments() {
        var generator = SeededGenerator(seed: 11)
        let uniform = Tensor.uniform(shape: [20_000], low: -2, high: 2, generator: &generator)
        #expect(uniform.scalars.allSatisfy { $0 >= -2 && $0 < 2 })
        #expect(abs(uniform.sum() / 20_000) < 0.05)
        let normal = Tensor.normal(shape: [20_000], mean: 1, standardDeviation: 3, generator: &generator)
        let mean = normal.sum() / 20_000
        let variance = normal.scalars.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 20_000
        #expect(abs(mean - 1) < 0.1)
        #expect(abs(variance.squareRoot() - 3) < 0.1)
    }
}
