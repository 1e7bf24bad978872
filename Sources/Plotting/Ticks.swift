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

    /// `value` with as many decimals as the step needs ("0.25", "1", "1e+06" for huge values).
    func label(_ value: Double) -> String {
        let exponent = floor(log10(step) + 1e-9)
        let quarter = abs(step / pow(10, exponent) - 2.5) < 1e-9 ? 1 : 0
        let decimals = max(0, Int(-exponent) + quarter)
        if abs(value) >= 1e6 || (value != 0 && abs(value) < 1e-4) {
            return String(format: "%.2g", value)
        }
        return String(format: "%.\(decimals)f", value)
    }
}
