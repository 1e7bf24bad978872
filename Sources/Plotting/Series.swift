import Imaging

/// One named line of a `LinePlot`.
public struct Series: Sendable, Equatable {
    public var name: String
    public var x: [Double]
    public var y: [Double]
    /// nil takes the next color of matplotlib's default cycle.
    public var color: RGB?

    public init(name: String, x: [Double], y: [Double], color: RGB? = nil) throws {
        guard x.count == y.count else {
            throw PlottingError.invalidArgument("series '\(name)' has \(x.count) x values but \(y.count) y values")
        }
        self.name = name
        self.x = x
        self.y = y
        self.color = color
    }

    /// A series at x = 0, 1, 2, … (layers, steps, epochs).
    public init(name: String, y: [Double], color: RGB? = nil) {
        self.name = name
        self.x = y.indices.map(Double.init)
        self.y = y
        self.color = color
    }

    /// The points, split where a value is NaN or infinite so that gaps stay visible.
    var segments: [[(x: Double, y: Double)]] {
        var segments: [[(x: Double, y: Double)]] = [[]]
        for (x, y) in zip(x, y) {
            if x.isFinite, y.isFinite {
                segments[segments.count - 1].append((x, y))
            } else if !(segments.last?.isEmpty ?? true) {
                segments.append([])
            }
        }
        return segments.filter { !$0.isEmpty }
    }
}
