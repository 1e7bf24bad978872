/// Lines over a numeric or categorical x axis: deletion/insertion curves, similarity per layer
/// in a sanity check, loss curves. Several series get matplotlib's color cycle and a legend.
public struct LinePlot: Figure, Equatable {
    public var series: [Series]
    public var title: String?
    public var xLabel: String?
    public var yLabel: String?
    /// Names for x = 0, 1, 2, … (layer names); nil makes x numeric.
    public var xCategories: [String]?
    /// Fixed ranges; nil fits the data, widened to round ticks.
    public var xRange: ClosedRange<Double>?
    public var yRange: ClosedRange<Double>?
    /// Dots on the points; nil shows them when every series has at most 30 points.
    public var showsMarkers: Bool?
    public var width: Double
    public var height: Double

    public init(series: [Series], title: String? = nil, xLabel: String? = nil, yLabel: String? = nil,
                xCategories: [String]? = nil, xRange: ClosedRange<Double>? = nil, yRange: ClosedRange<Double>? = nil,
                showsMarkers: Bool? = nil, width: Double = 480, height: Double = 320) {
        self.series = series
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xCategories = xCategories
        self.xRange = xRange
        self.yRange = yRange
        self.showsMarkers = showsMarkers
        self.width = width
        self.height = height
    }

    var axes: Axes {
        let x = xCategories.map(AxisScale.categorical) ?? .numeric(covering: series.flatMap(\.x), fixed: xRange)
        return Axes(size: Size(width: width, height: height), title: title, xLabel: xLabel, yLabel: yLabel,
                    x: x, y: .numeric(covering: series.flatMap(\.y), fixed: yRange))
    }

    public func size(on canvas: Canvas) -> Size { Size(width: width, height: height) }

    public func draw(on canvas: Canvas) {
        let axes = self.axes
        let plot = axes.draw(on: canvas)
        let markers = showsMarkers ?? series.allSatisfy { $0.x.count <= 30 }
        let colors = series.indices.map { series[$0].color ?? Style.seriesColor($0) }
        // Points on the frame keep their whole marker; only data beyond fixed ranges is cut.
        let margin = markers ? 4.0 : 1.0
        canvas.clipped(to: Rect(x: plot.x - margin, y: plot.y - margin, width: plot.width + 2 * margin,
                                height: plot.height + 2 * margin)) {
            for (line, color) in zip(series, colors) {
                for segment in line.segments {
                    let points = segment.map { axes.point(x: $0.x, y: $0.y, in: plot) }
                    canvas.polyline(points, color: color, width: 1.8)
                    if markers {
                        for point in points { canvas.dot(at: point, radius: 2.6, color: color) }
                    }
                }
            }
        }
        Legend(entries: zip(series, colors).map { ($0.name, $1) }).draw(on: canvas, in: plot)
    }
}
