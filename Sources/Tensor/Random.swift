import Foundation

/// A small deterministic generator (SplitMix64): the same seed gives the same numbers on every
/// machine and every run, which is what reproducible notebooks need.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform Float in [0, 1) built from the top 24 bits, so every value is exactly representable.
    public mutating func nextUniform() -> Float {
        Float(next() >> 40) * (1.0 / 16_777_216.0)
    }

    /// A standard normal sample (Box–Muller; the second value is discarded to keep the stream simple).
    public mutating func nextNormal() -> Float {
        let u1 = max(Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0), .leastNormalMagnitude)
        let u2 = Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
        return Float((-2 * log(u1)).squareRoot() * cos(2 * .pi * u2))
    }

    /// A new generator whose stream is independent of this one's, for a sub-task such as one layer.
    public func derived(_ salt: UInt64) -> SeededGenerator {
        var mixer = SeededGenerator(seed: state ^ (salt &* 0xD1B5_4A32_D192_ED03))
        return SeededGenerator(seed: mixer.next())
    }
}

extension Tensor {
    /// Uniform samples in [low, high).
    public static func uniform(shape: [Int], low: Float = 0, high: Float = 1,
                               generator: inout SeededGenerator) -> Tensor {
        var result = Tensor(shape: shape)
        for index in result.scalars.indices {
            result.scalars[index] = low + (high - low) * generator.nextUniform()
        }
        return result
    }

    /// Normal samples with the given mean and standard deviation.
    public static func normal(shape: [Int], mean: Float = 0, standardDeviation: Float = 1,
                              generator: inout SeededGenerator) -> Tensor {
        var result = Tensor(shape: shape)
        for index in result.scalars.indices {
            result.scalars[index] = mean + standardDeviation * generator.nextNormal()
        }
        return result
    }
}
