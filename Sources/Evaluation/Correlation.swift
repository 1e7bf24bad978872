/// Rank and linear correlation of two equally long series.
public enum Correlation {
    /// Pearson's r; 0 when either series is constant (no linear relation can be measured).
    public static func pearson(_ x: [Double], _ y: [Double]) throws -> Double {
        guard x.count == y.count, x.count >= 2 else {
            throw EvaluationError.shapeMismatch("correlation needs two series of equal length ≥ 2, got \(x.count) and \(y.count)")
        }
        let n = Double(x.count)
        let (meanX, meanY) = (x.reduce(0, +) / n, y.reduce(0, +) / n)
        var (covariance, varianceX, varianceY) = (0.0, 0.0, 0.0)
        for (a, b) in zip(x, y) {
            covariance += (a - meanX) * (b - meanY)
            varianceX += (a - meanX) * (a - meanX)
            varianceY += (b - meanY) * (b - meanY)
        }
        guard varianceX > 0, varianceY > 0 else { return 0 }
        return covariance / (varianceX * varianceY).squareRoot()
    }

    /// Spearman's ρ: Pearson's r of the ranks, ties sharing their average rank (as scipy does).
    public static func spearman(_ x: [Double], _ y: [Double]) throws -> Double {
        try pearson(ranks(x), ranks(y))
    }

    static func ranks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count, values[order[end + 1]] == values[order[start]] { end += 1 }
            let average = Double(start + end) / 2 + 1
            for position in start...end { ranks[order[position]] = average }
            start = end + 1
        }
        return ranks
    }
}
