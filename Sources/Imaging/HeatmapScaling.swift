/// How reduced attributions are brought to the [0, 1] (or [-1, 1]) range of a colormap.
public enum HeatmapScaling: Sendable, Equatable {
    /// Captum's rule: divide by the smallest magnitude whose cumulative share of the total
    /// magnitude reaches `100 - percent`, then clip to [-1, 1]. Outlier pixels saturate instead
    /// of washing out the rest. `percent: 0` divides by the largest magnitude.
    case clipOutliers(percent: Float)
    /// `(v - min) / (max - min)` over the map (pytorch-grad-cam's rule for CAMs); the result is
    /// unsigned even for sign `.all`, its most negative value becoming 0.
    case minMax

    /// Captum's default of 2 %.
    public static let standard = HeatmapScaling.clipOutliers(percent: 2)

    /// Captum's `_cumulative_sum_threshold` for non-negative `magnitudes`: the smallest value at
    /// which the running sum of the sorted values reaches `percentile` % of their total.
    ///
    /// Sorting a 224² map takes milliseconds; instead the values are binned by magnitude, the bin
    /// where the running sum crosses the target is found, and only that bin is sorted. The result
    /// is the same element a full sort would pick.
    static func cumulativeThreshold(_ magnitudes: [Float], percentile: Float) -> Float {
        guard let largest = magnitudes.max(), largest > 0 else { return 0 }
        let binCount = 4096
        let scale = Float(binCount) / largest
        var sums = [Double](repeating: 0, count: binCount)
        var total = 0.0
        for value in magnitudes {
            sums[min(Int(value * scale), binCount - 1)] += Double(value)
            total += Double(value)
        }
        let target = total * Double(percentile) / 100
        var running = 0.0
        for bin in 0..<binCount where sums[bin] > 0 {
            guard running + sums[bin] >= target || bin == binCount - 1 else {
                running += sums[bin]
                continue
            }
            let members = magnitudes.filter { min(Int($0 * scale), binCount - 1) == bin }.sorted()
            for value in members {
                running += Double(value)
                if running >= target { return value }
            }
            return members.last ?? largest
        }
        return largest
    }
}
