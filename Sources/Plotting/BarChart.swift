import Foundation
import Imaging

/// One bar: a category and its value.
public struct Bar: Sendable, Equatable {
    public var label: String
    public var value: Double
    /// nil uses the chart's color.
    public var color: RGB?

    public init(label: String, value: Double, color: RGB? = nil) {
        self.label = label
        self.value = value
        self.color = color
    }
}

/// Bars for categories: the top-k class probabilities of a prediction (horizontal, best on top)
/// or a score per method (vertical), with the value written at the end of each bar.
public struct BarChart: Figure, Equatable {
    public enum Orientation: Sendable, Equatable { case horizontal, vertical }

    public var bars: [Bar]
    public var title: String?
    /// The label of the value axis ("probability", "GridPG score").
    public var valueLabel: String?
    public var orientation: Orientation
    /// nil fits the values (always including 0).
    public var valueRange: ClosedRange<Double>?
    public var showsValues: Bool
    public var width: Double
    /// nil grows with the number of bars.
    public var height: Double?

    public init(bars: [Bar], title: String? = nil, valueLabel: String? = nil, orientation: Orientation = .horizontal,
                valueRange: ClosedRange<Double>? = nil, showsValues: Bool = true, width: Double = 480, height: Double? = nil) {
        self.bars = bars
        self.title = title
        self.valueLabel = valueLabel
        self.orientation = orientation
        self.valueRange = valueRange
        self.showsValues = showsValues
        self.width = width
        self.height = height
    }

    var figureHeight: Double {
        height ?? (orientation == .horizontal ? 90 + 26 * Double(max(bars.count, 1)) : 320)
    }

    var axes: Axes {
        // Horizontal bars list the first bar at the top, so categories run bottom-up reversed.
        let categories = AxisScale.categorical(orientation == .horizontal ? bars.reversed().map(\.label) : bars.map(\.label))
        let values = AxisScale.numeric(covering: bars.map(\.value), fixed: valueRange, includingZero: true)
        let size = Size(width: width, height: figureHeight)
        return orientation == .horizontal
            ? Axes(size: size, title: title, xLabel: valueLabel, yLabel: nil, x: values, y: categories)
            : Axes(size: size, title: title, xLabel: nil, yLabel: valueLabel, x: categories, y: values)
    }

    public func size(on canvas: Canvas) -> Size { Size(width: width, height: figureHeight) }

    public func draw(on canvas: Canvas) {
        let axes = self.axes
        let plot = axes.draw(on: canvas)
        let thickness = 0.7
        canvas.clipped(to: plot) {
            for (index, bar) in bars.enumerated() where bar.value.isFinite {
                let category = Double(orientation == .horizontal ? bars.count - 1 - index : index)
                let rect = barRect(axes: axes, plot: plot, category: category, value: bar.value, thickness: thickness)
                canvas.fill(rect, color: bar.color ?? Style.seriesColor(0))
            }
        }
        guard showsValues else { return }
        for (index, bar) in bars.enumerated() {
            let category = Double(orientation == .horizontal ? bars.count - 1 - index : index)
            let text = bar.value.isFinite ? String(format: "%.3g", bar.value) : "n/a"
            let rect = barRect(axes: axes, plot: plot, category: category,
                               value: bar.value.isFinite ? bar.value : 0, thickness: thickness)
            let textWidth = canvas.measure(text, font: .tick).width
            if orientation == .horizontal {
                let outside = rect.maxX + 3 + textWidth <= plot.maxX
                canvas.text(text, at: Point(x: outside ? rect.maxX + 3 : rect.maxX - 3, y: rect.midY), font: .tick,
                            color: outside ? Style.ink : .white, anchor: outside ? .left : .right)
            } else {
                let outside = rect.y - 2 - canvas.measure(text, font: .tick).height >= plot.y
                canvas.text(text, at: Point(x: rect.midX, y: outside ? rect.y - 2 : rect.y + 2), font: .tick,
                            color: outside ? Style.ink : .white, anchor: outside ? .bottom : .top)
            }
        }
    }

    private func barRect(axes: Axes, plot: Rect, category: Double, value: Double, thickness: Double) -> Rect {
        let base = min(max(0, orientation == .horizontal ? axes.x.low : axes.y.low), orientation == .horizontal ? axes.x.high : axes.y.high)
        if orientation == .horizontal {
            let start = axes.point(x: min(base, value), y: category + thickness / 2, in: plot)
            let end = axes.point(x: max(base, value), y: category - thickness / 2, in: plot)
            return Rect(x: start.x, y: start.y, width: end.x - start.x, height: end.y - start.y)
        }
        let start = axes.point(x: category - thickness / 2, y: max(base, value), in: plot)
        let end = axes.point(x: category + thickness / 2, y: min(base, value), in: plot)
        return Rect(x: start.x, y: start.y, width: end.x - start.x, height: end.y - start.y)
    }
}
