/// The robust outlier statistic of Neural Cleanse (Wang et al., S&P 2019): how many consistent
/// median absolute deviations a value lies from the median.
public enum AnomalyIndex {
    /// The consistency constant that makes the MAD estimate σ for normally distributed values.
    public static let consistency = 1.4826

    /// (s − median) / (1.4826 · MAD) for every score; positive above the median. When more than
    /// half the scores are equal (MAD = 0), any other value is infinitely anomalous. A
    /// `minimumSpread` keeps differences below the scores' own resolution from counting: rates that
    /// all lie within a few points of zero are not outliers of each other.
    public static func of(_ scores: [Double], minimumSpread: Double = 0) -> [Double] {
        guard !scores.isEmpty else { return [] }
        let center = median(scores)
        let spread = max(minimumSpread, consistency * median(scores.map { abs($0 - center) }))
        return scores.map { score in
            let deviation = score - center
            if spread > 0 { return deviation / spread }
            return deviation == 0 ? 0 : (deviation > 0 ? .infinity : -.infinity)
        }
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
