import Tensor

/// A confidence interval for the mean of per-item scores.
public struct ConfidenceInterval: Sendable, Equatable {
    /// The mean of the scores themselves.
    public var mean: Double
    public var low: Double
    public var high: Double
    /// How many scores the mean is over.
    public var count: Int
    /// How the interval was made: BCa falls back to the percentile interval where its correction is undefined.
    public var method: Bootstrap.Method

    public init(mean: Double, low: Double, high: Double, count: Int, method: Bootstrap.Method) {
        (self.mean, self.low, self.high, self.count, self.method) = (mean, low, high, count, method)
    }
}

/// Bootstrap confidence intervals of a mean (Efron & Tibshirani, An Introduction to the Bootstrap, 1993),
/// computed as SciPy's `scipy.stats.bootstrap` computes them: `resamples` resamples of the n scores drawn
/// with replacement, and the interval read off their means at the levels that the percentile method or
/// the bias-corrected and accelerated (BCa, SciPy's default) method gives. A paired comparison is the
/// interval of the mean of per-item differences, which is SciPy's `paired=True` for `mean(a - b)`.
public struct Bootstrap: Sendable, Equatable {
    public enum Method: String, Sendable, CaseIterable {
        case bca
        case percentile
    }

    /// SciPy's default.
    public static let defaultResamples = 9999

    public var resamples: Int
    /// The two-sided coverage, 0.95 for a 95 % interval.
    public var level: Double
    public var method: Method
    public var seed: UInt64

    public init(resamples: Int = Bootstrap.defaultResamples, level: Double = 0.95, method: Method = .bca, seed: UInt64 = 0) {
        (self.resamples, self.level, self.method, self.seed) = (resamples, level, method, seed)
    }

    /// The interval of the mean of `scores`, resampled from this bootstrap's seed: the same scores give
    /// the same interval on every machine.
    public func interval(ofMeanOf scores: [Double]) throws -> ConfidenceInterval {
        try validate(scores)
        var generator = SeededGenerator(seed: seed)
        let count = UInt64(scores.count)
        var means = [Double](repeating: 0, count: resamples)
        for resample in means.indices {
            var sum = 0.0
            for _ in scores.indices {
                // Lemire's multiply-shift: the high word of a uniform 64-bit draw times n, uniform in 0..<n to 2⁻⁶⁴.
                sum += scores[Int(generator.next().multipliedFullWidth(by: count).high)]
            }
            means[resample] = sum / Double(scores.count)
        }
        return interval(of: scores, resampleMeans: means)
    }

    /// The interval from resamples given as rows of indices into `scores` (another implementation's
    /// draws, to compare the methods themselves); `resamples` is ignored.
    public func interval(ofMeanOf scores: [Double], resampledBy rows: [[Int]]) throws -> ConfidenceInterval {
        try validate(scores)
        guard !rows.isEmpty, rows.allSatisfy({ $0.count == scores.count && $0.allSatisfy(scores.indices.contains) }) else {
            throw EvaluationError.invalidArgument("every resample must hold \(scores.count) indices into the scores")
        }
        return interval(of: scores, resampleMeans: rows.map { row in row.reduce(0) { $0 + scores[$1] } / Double(scores.count) })
    }

    private func validate(_ scores: [Double]) throws {
        guard scores.count >= 2 else {
            throw EvaluationError.invalidArgument("a bootstrap interval needs two or more scores, not \(scores.count)")
        }
        guard scores.allSatisfy(\.isFinite) else { throw EvaluationError.invalidArgument("the scores hold a NaN or an infinity") }
        guard resamples >= 1, level > 0, level < 1 else {
            throw EvaluationError.invalidArgument("a bootstrap needs resamples ≥ 1 and a level between 0 and 1")
        }
    }

    private func interval(of scores: [Double], resampleMeans: [Double]) -> ConfidenceInterval {
        let mean = scores.reduce(0, +) / Double(scores.count)
        // Equal scores leave nothing to resample: the interval is the point (SciPy answers NaN with a warning).
        guard scores.contains(where: { $0 != scores[0] }) else {
            return ConfidenceInterval(mean: mean, low: mean, high: mean, count: scores.count, method: method)
        }
        let alpha = (1 - level) / 2
        var levels = (alpha, 1 - alpha)
        var used = Method.percentile
        if method == .bca, let corrected = bcaLevels(scores, mean: mean, resampleMeans: resampleMeans, alpha: alpha) {
            levels = corrected
            used = .bca
        }
        let sorted = resampleMeans.sorted()
        return ConfidenceInterval(mean: mean, low: Self.quantile(sorted, levels.0), high: Self.quantile(sorted, levels.1),
                                  count: scores.count, method: used)
    }

    /// BCa's levels (Efron & Tibshirani 14.3, 15.4): the bias correction z₀ from the share of resample means
    /// below the mean (ties count half, as SciPy's `_percentile_of_score`), the acceleration â from the
    /// jackknife means. Nil where they are undefined (every resample mean on one side of the mean).
    private func bcaLevels(_ scores: [Double], mean: Double, resampleMeans: [Double], alpha: Double) -> (Double, Double)? {
        let below = resampleMeans.count { $0 < mean } + resampleMeans.count { $0 <= mean }
        let z0 = NormalDistribution.quantile(Double(below) / Double(2 * resampleMeans.count))
        let n = Double(scores.count)
        let total = scores.reduce(0, +)
        let jackknife = scores.map { (total - $0) / (n - 1) }
        let jackknifeMean = jackknife.reduce(0, +) / n
        let deviations = jackknife.map { (n - 1) * (jackknifeMean - $0) }
        let cubes = deviations.reduce(0) { $0 + $1 * $1 * $1 } / (n * n * n)
        let squares = deviations.reduce(0) { $0 + $1 * $1 } / (n * n)
        let acceleration = cubes / (6 * squares * squares.squareRoot())
        func corrected(_ z: Double) -> Double {
            NormalDistribution.cdf(z0 + (z0 + z) / (1 - acceleration * (z0 + z)))
        }
        let zAlpha = NormalDistribution.quantile(alpha)
        let levels = (corrected(zAlpha), corrected(-zAlpha))
        return levels.0.isFinite && levels.1.isFinite ? levels : nil
    }

    /// The `p` quantile of sorted values, interpolating linearly between order statistics (SciPy's
    /// `stats.quantile` and numpy's default).
    static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        let position = p * Double(sorted.count - 1)
        let lower = min(max(Int(position.rounded(.down)), 0), sorted.count - 1)
        let upper = min(lower + 1, sorted.count - 1)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
    }
}
