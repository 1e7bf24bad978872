import Evaluation
import Foundation
import Testing

/// Bootstrap intervals against SciPy's `scipy.stats.bootstrap`, on the cases of tools/make_bootstrap_references.py.
@Suite struct BootstrapTests {
    struct References: Decodable {
        struct Normal: Decodable { let p: Double, quantile: Double, cdf_of_quantile: Double }
        struct Replay: Decodable { let resamples: Int, indices: String, bca: [Double], percentile: [Double] }
        struct Spread: Decodable { let derived_sd: Double, empirical_sd: [Double] }
        struct MonteCarlo: Decodable { let resamples: Int, bca: [Double], percentile: [Double], spread: [String: Spread] }
        struct Case: Decodable {
            let name: String, paired: Bool, discrete: Bool
            let scores: [Double], partner: [Double]?
            let replay: Replay, monte_carlo: MonteCarlo
            /// What is bootstrapped: the scores, or for a paired case their differences from the partner's.
            var values: [Double] { partner.map { zip(scores, $0).map(-) } ?? scores }
        }
        let level: Double
        let normal: [Normal]
        let cases: [Case]
    }

    let references: References

    init() throws {
        let url = try #require(Bundle.module.url(forResource: "bootstrap", withExtension: "json", subdirectory: "Fixtures"))
        references = try JSONDecoder().decode(References.self, from: Data(contentsOf: url))
    }

    @Test func normalQuantilesAndCDFMatchScipysNdtriAndNdtr() {
        for reference in references.normal {
            let quantile = NormalDistribution.quantile(reference.p)
            #expect(abs(quantile - reference.quantile) <= 1e-13 * max(1, abs(reference.quantile)), "Φ⁻¹(\(reference.p))")
            #expect(abs(NormalDistribution.cdf(quantile) - reference.cdf_of_quantile) <= 1e-15 + 1e-13 * reference.cdf_of_quantile)
        }
    }

    /// Fed the indices SciPy's generator drew, the intervals are SciPy's to rounding: the same quantiles,
    /// bias correction and jackknife acceleration.
    @Test func theSameResamplesGiveScipysIntervals() throws {
        for reference in references.cases {
            let bytes = try #require(Data(base64Encoded: reference.replay.indices))
            let n = reference.scores.count
            let rows = (0..<reference.replay.resamples).map { row in (0..<n).map { Int(bytes[row * n + $0]) } }
            for (method, expected) in [(Bootstrap.Method.bca, reference.replay.bca), (.percentile, reference.replay.percentile)] {
                let interval = try Bootstrap(level: references.level, method: method).interval(ofMeanOf: reference.values, resampledBy: rows)
                #expect(interval.method == method, "\(reference.name)")
                #expect(abs(interval.low - expected[0]) <= 1e-12 && abs(interval.high - expected[1]) <= 1e-12,
                        "\(reference.name) \(method): [\(interval.low), \(interval.high)] vs SciPy \(expected)")
            }
        }
    }

    /// Our own 9 999 resamples against SciPy's: equal up to Monte Carlo error, bounded as the script derives
    /// (4√2 times the larger of the derived and the measured sd of an endpoint).
    @Test func ourResamplesAgreeWithScipysWithinMonteCarloError() throws {
        for reference in references.cases {
            let mean = reference.values.reduce(0, +) / Double(reference.values.count)
            for (method, expected) in [(Bootstrap.Method.bca, reference.monte_carlo.bca), (.percentile, reference.monte_carlo.percentile)] {
                let spread = try #require(reference.monte_carlo.spread[method.rawValue])
                let interval = try Bootstrap(resamples: reference.monte_carlo.resamples, level: references.level, method: method, seed: 3)
                    .interval(ofMeanOf: reference.values)
                #expect(interval.mean == mean)
                for (side, (ours, theirs)) in [(interval.low, expected[0]), (interval.high, expected[1])].enumerated() {
                    let bound = 4 * 2.0.squareRoot() * max(spread.derived_sd, spread.empirical_sd[side])
                    #expect(abs(ours - theirs) <= bound, "\(reference.name) \(method) side \(side): \(ours) vs SciPy \(theirs), bound \(bound)")
                }
            }
        }
    }

    /// Our generator's endpoints spread as much as SciPy's do over seeds: neither stuck nor wild.
    @Test func endpointsSpreadOverSeedsAsDerived() throws {
        let reference = try #require(references.cases.first { $0.name == "insertion-auc" })
        let spread = try #require(reference.monte_carlo.spread["percentile"])
        let lows = try (0..<40).map { seed in
            try Bootstrap(resamples: reference.monte_carlo.resamples, level: references.level, method: .percentile, seed: UInt64(seed))
                .interval(ofMeanOf: reference.values).low
        }
        let average = lows.reduce(0, +) / Double(lows.count)
        let sd = (lows.reduce(0) { $0 + ($1 - average) * ($1 - average) } / Double(lows.count - 1)).squareRoot()
        #expect(sd > 0.5 * spread.derived_sd && sd < 1.6 * spread.derived_sd, "sd \(sd), derived \(spread.derived_sd)")
    }

    @Test func aSeedGivesTheSameIntervalEveryTimeAndAnotherSeedAnother() throws {
        let scores = references.cases[0].values
        let first = try Bootstrap(resamples: 500, seed: 1).interval(ofMeanOf: scores)
        #expect(try Bootstrap(resamples: 500, seed: 1).interval(ofMeanOf: scores) == first)
        #expect(try Bootstrap(resamples: 500, seed: 2).interval(ofMeanOf: scores) != first)
    }

    @Test func equalScoresGiveAPointAndTooFewScoresAreRefused() throws {
        let point = try Bootstrap(resamples: 100).interval(ofMeanOf: [0.5, 0.5, 0.5])
        #expect((point.low, point.mean, point.high) == (0.5, 0.5, 0.5))
        #expect(throws: EvaluationError.self) { try Bootstrap().interval(ofMeanOf: [1]) }
        #expect(throws: EvaluationError.self) { try Bootstrap().interval(ofMeanOf: [1, .nan]) }
    }

    /// Where every resample mean lies on one side of the mean, BCa's correction is infinite (SciPy answers
    /// NaN); the percentile interval is given instead, and says so.
    @Test func bcaFallsBackToThePercentileIntervalWhereItIsUndefined() throws {
        let scores = [0.0, 1.0]
        let rows = Array(repeating: [0, 0], count: 10)
        let interval = try Bootstrap(method: .bca).interval(ofMeanOf: scores, resampledBy: rows)
        #expect(interval.method == .percentile && interval.low == 0 && interval.high == 0)
    }
}
