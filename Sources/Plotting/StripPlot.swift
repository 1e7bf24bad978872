import Imaging

/// Per-item values of several categories side by side: every item a dot, and over them the mean with
/// its confidence interval as a bar (seaborn's stripplot under a pointplot). The distribution behind a
/// table of means: two methods with the same mean may differ in everything else.
public struct StripPlot: Figure, Equatable {
    public struct Strip: Sendable, Equatable {
        public var label: String
        public var values: [Double]
        public var mean: Double?
        public var interval: ClosedRange<Double>?
        /// Which color of matplotlib's cycle its dots take; strips of one group (a method's metrics) share one.
        public var group: Int?

        public init(label: String, values: [Double], mean: Double? = nil, interval: ClosedRange<Double>? = nil, group: Int? = nil) {
            (self.label, self.values, self.mean, self.interval, self.group) = (label, values, mean, interval, group)
        }
    }

    public var strips: [Strip]
    public var title: String?
    public var valueLabel: String?
    /// nil fits the values.
    public var valueRange: ClosedRange<Double>?
    public var width: Double

    public init(strips: [Strip], title: String? = nil, valueLabel: String? = nil, valueRange: ClosedRange<Double>? = nil,
                width: Double = 520) {
        (self.strips, self.title, self.valueLabel, self.valueRange, self.width) = (strips, title, valueLabel, valueRange, width)
    }

    var height: Double { 90 + 34 * Double(max(strips.count, 1)) }

    var axes: Axes {
        let values = strips.flatMap { $0.values + ($0.interval.map { [$0.lowerBound, $0.upperBound] } ?? []) }
        return Axes(size: Size(width: width, height: height), title: title, xLabel: valueLabel, yLabel: nil,
                    x: .numeric(covering: values, fixed: valueRange), y: .categorical(strips.reversed().map(\.label)))
    }

    public func size(on canvas: Canvas) -> Size { Size(width: width, height: height) }

    public func draw(on canvas: Canvas) {
        let axes = self.axes
        let plot = axes.draw(on: canvas)
        canvas.clipped(to: plot) {
            for (index, strip) in strips.enumerated() {
                let row = Double(strips.count - 1 - index)
                let color = Style.seriesColor(strip.group ?? index)
                // Items spread across the strip by the golden ratio: fixed positions, so the same numbers draw the same picture.
                for (item, value) in strip.values.enumerated() where value.isFinite {
                    let offset = ((Double(item) * 0.618_033_988_75).truncatingRemainder(dividingBy: 1) - 0.5) * 0.5
                    canvas.dot(at: axes.point(x: value, y: row + offset, in: plot), radius: 2.2, color: Self.faded(color))
                }
                if let interval = strip.interval {
                    canvas.line(from: axes.point(x: interval.lowerBound, y: row, in: plot), to: axes.point(x: interval.upperBound, y: row, in: plot),
                                color: Style.ink, width: 2.4)
                }
                if let mean = strip.mean, mean.isFinite {
                    canvas.line(from: axes.point(x: mean, y: row - 0.3, in: plot), to: axes.point(x: mean, y: row + 0.3, in: plot),
                                color: Style.ink, width: 2.4)
                }
            }
        }
    }

    /// The color halfway to white: many dots stay legible under the mean's bar.
    static func faded(_ color: RGB) -> RGB {
        func half(_ value: UInt8) -> UInt8 { UInt8((Int(value) + 255) / 2) }
        return RGB(red: half(color.red), green: half(color.green), blue: half(color.blue))
    }
}
