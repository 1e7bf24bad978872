import Foundation

/// Round tick positions (steps of 1, 2, 2.5 or 5 × 10ⁿ) covering a range, and their labels.
struct Ticks: Equatable {
    let values: [Double]
    let step: Double

    /// About `count` ticks inside `low...high` (both ends included when they are round).
    init(low: Double, high: Double, count: Int = 5) {
        guard high > low, low.isFinite, high.isFinite else {
            values = low.isFinite ? [low] : [0]
            step = 1
            return
        }
        let rough = (high - low) / Double(max(count - 1, 1))
        let magnitude = pow(10, floor(log10(rough)))
        let step = [1, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= rough * 0.999 } ?? 10 * magnitude
        let first = (low / step).rounded(.up)
        let last = (high / step).rounded(.down)
        values = stride(from: first, through: last + 1e-9, by: 1).map { index in
            let value = index * step
            return abs(value) < step * 1e-9 ? 0 : value
        }
        self.step = step
    }

    /// The range widened outward to whole steps, for axes that should start and end on a tick.
    static func roundedRange(low: Double, high: Double, count: Int = 5) -> (low: Double, high: Double) {
        guard high > low else { return (low - 1, high + 1) }
        let step = Ticks(low: low, high: high, count: count).step
        return ((low / step).rounded(.down) * step, (high / step).rounded(.up) * step)
    }

    /// `value` with as many decimals as the step needs ("0.25", "1"); steps or values beyond
    /// the reach of plain decimals switch to three significant digits ("2.5e-06", "1e+06").
    func label(_ value: Double) -> String {
        let exponent = floor(log10(step) + 1e-9)
        if exponent < -4 || (values.map(abs).max() ?? 0) >= 1e6 {
            return String(format: "%.3g", value)
        }
        let quarter = abs(step / pow(10, exponent) - 2.5) < 1e-9 ? 1 : 0
        return String(format: "%.\(max(0, Int(-exponent) + quarter))f", value)
    }
}
