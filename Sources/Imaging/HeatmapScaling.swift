/// How reduced attributions are brought to the [0, 1] (or [-1, 1]) range of a colormap.
public enum HeatmapScaling: Sendable, Equatable {
    /// Captum's rule: divide by the smallest magnitude whose cumulative share of the total
    /// magnitude reaches `100 - percent`, then clip to [-1, 1]. Outlier pixels saturate instead
    /// of washing out the rest. `percent: 0` divides by the largest magnitude.
    case clipOutliers(percent: Float)
    /// `(v - min) / (max - min)` over the map (pytorch-grad-cam's rule for CAMs).
    case minMax

    /// Captum's default of 2 %.
    public static let standard = HeatmapScaling.clipOutliers(percent: 2)

    /// Captum's `_cumulative_sum_threshold` for non-negative `magnitudes`.
    static func cumulativeThreshold(_ magnitudes: [Float], percentile: Float) -> Float {
        let sorted = magnitudes.sorted()
        let total = sorted.reduce(0, +)
        let target = total * percentile / 100
        var running: Float = 0
        for value in sorted {
            running += value
            if running >= target { return value }
        }
        return sorted.last ?? 0
    }
}
