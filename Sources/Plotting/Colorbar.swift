import Imaging

/// A colormap legend: a vertical bar from `range.lowerBound` (bottom) to `range.upperBound`
/// (top), with round ticks and an optional label.
public struct Colorbar: Sendable, Equatable {
    public var colormap: Colormap
    public var range: ClosedRange<Double>
    public var label: String?

    public init(colormap: Colormap, range: ClosedRange<Double>, label: String? = nil) {
        self.colormap = colormap
        self.range = range
        self.label = label
    }

    /// The colorbar that reads a heatmap drawn with `colormap`: −1…1 for signed maps (and for
    /// diverging colormaps, which always centre 0), 0…1 otherwise.
    public init(for heatmap: Heatmap, colormap: Colormap, label: String? = nil) {
        let signed = heatmap.isSigned || colormap.isDiverging
        self.init(colormap: colormap, range: signed ? -1...1 : 0...1, label: label)
    }

    static let barWidth = 10.0

    var ticks: Ticks { Ticks(low: range.lowerBound, high: range.upperBound, count: 5) }

    /// The width the bar, its tick labels and its label take beside a panel.
    func width(on canvas: Canvas) -> Double {
        let labels = ticks.values.map { canvas.measure(ticks.label($0), font: .tick).width }.max() ?? 0
        let title = label.map { _ in Style.textGap + canvas.measure("M", font: .label).height } ?? 0
        return Colorbar.barWidth + Style.tickLength + 2 + labels + title
    }

    /// Draws the bar in `rect.height`, starting at `rect.x`.
    func draw(on canvas: Canvas, in rect: Rect) {
        let bar = Rect(x: rect.x, y: rect.y, width: Colorbar.barWidth, height: rect.height)
        let gradient = (0..<256).reversed().flatMap { entry -> [UInt8] in
            let color = colormap.color(at: (Float(entry) + 0.5) / 256)
            return [color.red, color.green, color.blue]
        }
        if let strip = try? Image(width: 1, height: 256, layout: .rgb, pixels: gradient) {
            canvas.draw(strip, in: bar)
        }
        canvas.stroke(bar, color: Style.ink, width: 0.6)
        let span = range.upperBound - range.lowerBound
        for value in ticks.values {
            let y = bar.maxY - (span > 0 ? (value - range.lowerBound) / span : 0.5) * bar.height
            canvas.line(from: Point(x: bar.maxX, y: y), to: Point(x: bar.maxX + Style.tickLength, y: y),
                        color: Style.ink, width: 0.6)
            canvas.text(ticks.label(value), at: Point(x: bar.maxX + Style.tickLength + 2, y: y),
                        font: .tick, anchor: .left)
        }
        if let label {
            let x = rect.x + width(on: canvas) - canvas.measure(label, font: .label).height / 2
            canvas.text(label, at: Point(x: x, y: bar.midY), font: .label, anchor: .center, vertical: true)
        }
    }
}
