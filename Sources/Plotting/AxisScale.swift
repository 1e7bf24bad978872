/// One axis of a plot: the data range it spans and its labelled ticks. Numeric axes run
/// between round ticks; categorical axes put category i at i, half a category from each end.
struct AxisScale {
    let low: Double
    let high: Double
    let ticks: [(value: Double, label: String)]
    let isCategorical: Bool

    /// A numeric axis covering `values` (or exactly `fixed`), widened to round ticks.
    static func numeric(covering values: [Double], fixed: ClosedRange<Double>?, includingZero: Bool = false) -> AxisScale {
        let finite = values.filter(\.isFinite) + (includingZero ? [0] : [])
        var (low, high) = fixed.map { ($0.lowerBound, $0.upperBound) }
            ?? Ticks.roundedRange(low: finite.min() ?? 0, high: finite.max() ?? 1)
        if high <= low { (low, high) = (low - 1, high + 1) }
        let ticks = Ticks(low: low, high: high)
        return AxisScale(low: low, high: high, ticks: ticks.values.map { ($0, ticks.label($0)) }, isCategorical: false)
    }

    static func categorical(_ labels: [String]) -> AxisScale {
        AxisScale(low: -0.5, high: Double(max(labels.count, 1)) - 0.5,
                  ticks: labels.enumerated().map { (Double($0.offset), $0.element) }, isCategorical: true)
    }

    /// Where `value` falls, 0 at `low` and 1 at `high`.
    func fraction(_ value: Double) -> Double { (value - low) / (high - low) }
}
