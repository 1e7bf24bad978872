/// The frame of a plot: title, axis labels, ticks, grid lines, and the mapping from data to
/// points. Line plots and bar charts share it so that they look alike.
struct Axes {
    var size: Size
    var title: String?
    var xLabel: String?
    var yLabel: String?
    var x: AxisScale
    var y: AxisScale

    /// Category labels turned vertical are elided to this share of the figure height.
    static let verticalLabelShare = 0.3

    /// Whether the x tick labels are too long to sit side by side and are turned vertical.
    func xLabelsVertical(on canvas: Canvas) -> Bool {
        guard x.isCategorical, !x.ticks.isEmpty else { return false }
        let widest = x.ticks.map { canvas.measure($0.label, font: .tick).width }.max() ?? 0
        let yTickWidth = y.ticks.map { canvas.measure($0.label, font: .tick).width }.max() ?? 0
        return widest + 4 > (size.width - yTickWidth - 4 * Style.margin) / Double(x.ticks.count)
    }

    /// The data area, inside the margins the labels need.
    func plotRect(on canvas: Canvas) -> Rect {
        let labelHeight = canvas.measure("Mg", font: .label).height
        let tickHeight = canvas.measure("Mg", font: .tick).height
        let titleHeight = title.map { _ in canvas.measure("Mg", font: .title).height + Style.gap } ?? 0
        let yTickWidth = y.ticks.map { canvas.measure($0.label, font: .tick).width }.max() ?? 0
        let xTickDepth = xLabelsVertical(on: canvas)
            ? min(x.ticks.map { canvas.measure($0.label, font: .tick).width }.max() ?? 0, size.height * Axes.verticalLabelShare)
            : tickHeight
        let left = Style.margin + (yLabel == nil ? 0 : labelHeight + Style.textGap) + yTickWidth + Style.tickLength + 3
        let bottom = Style.margin + (xLabel == nil ? 0 : labelHeight + Style.textGap) + xTickDepth + Style.tickLength + 3
        let top = Style.margin + titleHeight
        // Room on the right for half of the last x tick label, which is centred on the edge.
        let right = Style.margin + (x.isCategorical ? 0 : (x.ticks.last.map { canvas.measure($0.label, font: .tick).width / 2 } ?? 0))
        return Rect(x: left, y: top, width: max(size.width - left - right, 10), height: max(size.height - top - bottom, 10))
    }

    func point(x value: Double, y other: Double, in plot: Rect) -> Point {
        Point(x: plot.x + x.fraction(value) * plot.width, y: plot.maxY - y.fraction(other) * plot.height)
    }

    /// Draws everything but the data and returns the data area.
    @discardableResult
    func draw(on canvas: Canvas) -> Rect {
        let plot = plotRect(on: canvas)
        if let title {
            canvas.text(canvas.fitting(title, font: .title, width: size.width - 2 * Style.margin),
                        at: Point(x: plot.midX, y: Style.margin), font: .title, anchor: .top)
        }
        for tick in y.ticks where !y.isCategorical {
            let at = point(x: x.low, y: tick.value, in: plot)
            canvas.line(from: Point(x: plot.x, y: at.y), to: Point(x: plot.maxX, y: at.y), color: Style.grid)
        }
        for tick in x.ticks where !x.isCategorical {
            let at = point(x: tick.value, y: y.low, in: plot)
            canvas.line(from: Point(x: at.x, y: plot.y), to: Point(x: at.x, y: plot.maxY), color: Style.grid)
        }
        canvas.stroke(plot, color: Style.ink)
        drawTicks(on: canvas, plot: plot)
        if let xLabel {
            canvas.text(canvas.fitting(xLabel, font: .label, width: plot.width), at: Point(x: plot.midX, y: size.height - Style.margin),
                        font: .label, anchor: .bottom)
        }
        if let yLabel {
            let height = canvas.measure(yLabel, font: .label).height
            canvas.text(canvas.fitting(yLabel, font: .label, width: plot.height), at: Point(x: Style.margin + height / 2, y: plot.midY),
                        font: .label, anchor: .center, vertical: true)
        }
        return plot
    }

    private func drawTicks(on canvas: Canvas, plot: Rect) {
        let vertical = xLabelsVertical(on: canvas)
        for tick in x.ticks {
            let at = point(x: tick.value, y: y.low, in: plot)
            canvas.line(from: Point(x: at.x, y: plot.maxY), to: Point(x: at.x, y: plot.maxY + Style.tickLength), color: Style.ink)
            let anchor = Point(x: at.x, y: plot.maxY + Style.tickLength + 2)
            if vertical {
                canvas.text(canvas.fitting(tick.label, font: .tick, width: size.height * Axes.verticalLabelShare),
                            at: anchor, font: .tick, anchor: .right, vertical: true)
            } else {
                canvas.text(tick.label, at: anchor, font: .tick, anchor: .top)
            }
        }
        for tick in y.ticks {
            let at = point(x: x.low, y: tick.value, in: plot)
            canvas.line(from: Point(x: plot.x - Style.tickLength, y: at.y), to: Point(x: plot.x, y: at.y), color: Style.ink)
            canvas.text(tick.label, at: Point(x: plot.x - Style.tickLength - 2, y: at.y), font: .tick, anchor: .right)
        }
    }
}
