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
        canvas.clipped(to: plot) {
            for (index, bar) in bars.enumerated() where bar.value.isFinite {
                canvas.fill(barRect(index: index, value: bar.value, axes: axes, plot: plot),
                            color: bar.color ?? Style.seriesColor(0))
            }
        }
        guard showsValues else { return }
        for (index, bar) in bars.enumerated() {
            drawValue(of: bar, in: barRect(index: index, value: bar.value.isFinite ? bar.value : 0, axes: axes, plot: plot),
                      on: canvas, plot: plot)
        }
    }

    /// The bar of `bars[index]`: from the value axis' zero (or its nearest end) to `value`.
    private func barRect(index: Int, value: Double, axes: Axes, plot: Rect) -> Rect {
        let horizontal = orientation == .horizontal
        let category = Double(horizontal ? bars.count - 1 - index : index)
        let valueAxis = horizontal ? axes.x : axes.y
        let base = min(max(0, valueAxis.low), valueAxis.high)
        func point(_ category: Double, _ value: Double) -> Point {
            horizontal ? axes.point(x: value, y: category, in: plot) : axes.point(x: category, y: value, in: plot)
        }
        let halfThickness = 0.35
        let corner = point(category - halfThickness, base), opposite = point(category + halfThickness, value)
        return Rect(x: min(corner.x, opposite.x), y: min(corner.y, opposite.y),
                    width: abs(opposite.x - corner.x), height: abs(opposite.y - corner.y))
    }

    /// The value written past the bar's end (right of or above a positive bar, left of or below
    /// a negative one), or inside it in white when there is no room.
    private func drawValue(of bar: Bar, in rect: Rect, on canvas: Canvas, plot: Rect) {
        let text = bar.value.isFinite ? String(format: "%.3g", bar.value) : "n/a"
        let size = canvas.measure(text, font: .tick)
        let negative = bar.value < 0
        if orientation == .horizontal {
            let end = negative ? rect.x : rect.maxX
            let outside = negative ? end - 3 - size.width >= plot.x : end + 3 + size.width <= plot.maxX
            let x = end + (outside == negative ? -3 : 3)
            canvas.text(text, at: Point(x: x, y: rect.midY), font: .tick, color: outside ? Style.ink : .white,
                        anchor: outside == negative ? .right : .left)
        } else {
            let end = negative ? rect.maxY : rect.y
            let outside = negative ? end + 2 + size.height <= plot.maxY : end - 2 - size.height >= plot.y
            let y = end + (outside == negative ? 2 : -2)
            canvas.text(text, at: Point(x: rect.midX, y: y), font: .tick, color: outside ? Style.ink : .white,
                        anchor: outside == negative ? .top : .bottom)
        }
    }
}
