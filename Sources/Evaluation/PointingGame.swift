import Tensor

/// The pointing game (Zhang et al. ECCV 2016): a hit when the map's maximum lies on the object, up
/// to a tolerance, and its energy-based variant (Wang et al. 2020): the share of positive
/// attribution on the object.
public enum PointingGame {
    /// Whether the maximum of Σ_ch A lies within `tolerance` pixels (Euclidean) of a mask pixel.
    /// Zhang et al. use 15 pixels at 224²; scale it with the image. A map without a positive
    /// maximum points nowhere and misses; ties go to the first maximum in row-major order.
    public static func hit(map: Tensor, mask: Tensor, tolerance: Double) throws -> Bool {
        let spatial = try SpatialMap(channelSumOf: map)
        let object = try objectMask(mask, matching: spatial)
        guard let peak = spatial.values.indices.max(by: { spatial.values[$0] < spatial.values[$1] }),
              spatial.values[peak] > 0, spatial.values.contains(where: { $0 != spatial.values[peak] }) else {
            return false
        }
        let (peakRow, peakColumn) = peak.quotientAndRemainder(dividingBy: spatial.width)
        let reach = Int(tolerance.rounded(.up))
        for row in max(0, peakRow - reach)...min(spatial.height - 1, peakRow + reach) {
            for column in max(0, peakColumn - reach)...min(spatial.width - 1, peakColumn + reach) {
                let (dy, dx) = (Double(row - peakRow), Double(column - peakColumn))
                if object.value(row: row, column: column) > 0, (dy * dy + dx * dx).squareRoot() <= tolerance {
                    return true
                }
            }
        }
        return false
    }

    /// Σ_{p∈mask} max(Σ_ch A(p), 0) / Σ_p max(Σ_ch A(p), 0).
    public static func energy(map: Tensor, mask: Tensor) throws -> Double {
        let spatial = try SpatialMap(channelSumOf: map)
        let object = try objectMask(mask, matching: spatial)
        return PositiveEnergy.fraction(of: spatial) { object.value(row: $0, column: $1) > 0 }
    }

    private static func objectMask(_ mask: Tensor, matching map: SpatialMap) throws -> SpatialMap {
        let object = try SpatialMap(channelSumOf: mask)
        guard object.height == map.height, object.width == map.width else {
            throw EvaluationError.shapeMismatch(
                "the mask is \(object.height)×\(object.width) but the map is \(map.height)×\(map.width)")
        }
        return object
    }
}
