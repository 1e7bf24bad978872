import Datasets
import Tensor

/// The grid pointing game (Böhle et al. CVPR 2022; Rao et al. CVPR 2022): in a mosaic of scenes of
/// distinct classes, the map for one cell's class should put its positive attribution in that cell.
/// Chance is 1/n² for an n×n grid.
public enum GridPointingGame {
    /// L_i = Σ_{p∈cell} max(Σ_ch A(p), 0) / Σ_{p∈grid} max(Σ_ch A(p), 0). `map` must already have
    /// the mosaic's size: upsample a layer map first.
    public static func score(map: Tensor, cell: PixelBox) throws -> Double {
        let spatial = try SpatialMap(channelSumOf: map)
        guard cell.bottom <= spatial.height, cell.right <= spatial.width, cell.top >= 0, cell.left >= 0 else {
            throw EvaluationError.shapeMismatch(
                "cell rows \(cell.top)..<\(cell.bottom), columns \(cell.left)..<\(cell.right) lie outside a \(spatial.height)×\(spatial.width) map")
        }
        return PositiveEnergy.fraction(of: spatial) { cell.contains(row: $0, column: $1) }
    }
}
