import Tensor

/// A single-channel H×W map in Double, what every metric works on. Attribution maps arrive as
/// C×H×W or 1×C×H×W tensors and are reduced over channels first (as GridPG and the sanity checks
/// define them).
public struct SpatialMap: Equatable, Sendable {
    public let height: Int
    public let width: Int
    public var values: [Double]

    public init(height: Int, width: Int, values: [Double]) throws {
        guard height > 0, width > 0, values.count == height * width else {
            throw EvaluationError.shapeMismatch("a \(height)×\(width) map needs \(height * width) values, got \(values.count)")
        }
        self.height = height
        self.width = width
        self.values = values
    }

    /// Σ over channels of an H×W, C×H×W or 1×C×H×W attribution map.
    public init(channelSumOf map: Tensor) throws {
        try self.init(reducing: map) { $0 += $1 }
    }

    /// Σ over channels of |A|.
    public init(absoluteChannelSumOf map: Tensor) throws {
        try self.init(reducing: map) { $0 += abs($1) }
    }

    private init(reducing map: Tensor, _ accumulate: (inout Double, Double) -> Void) throws {
        let shape = map.shape
        let (channels, height, width): (Int, Int, Int)
        switch shape.count {
        case 2: (channels, height, width) = (1, shape[0], shape[1])
        case 3: (channels, height, width) = (shape[0], shape[1], shape[2])
        case 4 where shape[0] == 1: (channels, height, width) = (shape[1], shape[2], shape[3])
        default:
            throw EvaluationError.shapeMismatch("expected one map shaped H×W, C×H×W or 1×C×H×W, got \(shape)")
        }
        var values = [Double](repeating: 0, count: height * width)
        for channel in 0..<channels {
            let base = channel * height * width
            for index in values.indices {
                accumulate(&values[index], Double(map.scalars[base + index]))
            }
        }
        try self.init(height: height, width: width, values: values)
    }

    /// The map for the randomization sanity checks: Σ_ch |A| divided by its 99th percentile and
    /// clipped to [0, 1] (Adebayo et al. 2018).
    public static func absoluteNormalized(_ map: Tensor) throws -> SpatialMap {
        var result = try SpatialMap(absoluteChannelSumOf: map)
        let scale = Percentile.of(result.values, 99)
        result.values = result.values.map { scale > 0 ? min(1, $0 / scale) : 0 }
        return result
    }

    /// Σ_ch A divided by the 99th percentile of its magnitude and clipped to [−1, 1].
    public static func signedNormalized(_ map: Tensor) throws -> SpatialMap {
        var result = try SpatialMap(channelSumOf: map)
        let scale = Percentile.of(result.values.map(abs), 99)
        result.values = result.values.map { scale > 0 ? min(1, max(-1, $0 / scale)) : 0 }
        return result
    }

    func value(row: Int, column: Int) -> Double { values[row * width + column] }
}
