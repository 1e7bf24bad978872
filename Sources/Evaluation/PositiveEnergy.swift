/// The share of a map's positive attribution that falls in a region: the score of the grid
/// pointing game (region = the cell of the class) and of the energy-based pointing game
/// (region = the object's mask).
enum PositiveEnergy {
    /// Σ_{p ∈ region} max(m(p), 0) / Σ_p max(m(p), 0), and 0 when the denominator is ≤ 1e-7.
    static func fraction(of map: SpatialMap, inside region: (_ row: Int, _ column: Int) -> Bool) -> Double {
        var (inside, total) = (0.0, 0.0)
        for row in 0..<map.height {
            for column in 0..<map.width {
                let positive = max(map.value(row: row, column: column), 0)
                total += positive
                if region(row, column) { inside += positive }
            }
        }
        return total <= 1e-7 ? 0 : inside / total
    }
}
