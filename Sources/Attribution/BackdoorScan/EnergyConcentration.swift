import Tensor

/// Where a map's energy gathers: the square window holding the largest share of Σ_ch |ρ|. A patch
/// trigger shows up as a small window holding much of a target map's energy.
public struct EnergyConcentration: Sendable, Equatable, Codable {
    /// The share of the whole map's energy inside the window, in [0, 1].
    public var share: Double
    public var top: Int
    public var left: Int
    public var size: Int

    /// The best `size`×`size` window of a C×H×W map, found with a summed-area table.
    public static func strongestWindow(of map: Tensor, size: Int) throws -> EnergyConcentration {
        guard map.rank == 3 else { throw AttributionError.shapeMismatch("expected a C×H×W map, got \(map.shape)") }
        let (channels, height, width) = (map.shape[0], map.shape[1], map.shape[2])
        guard size >= 1, size <= min(height, width) else {
            throw AttributionError.invalidArgument("a \(size)-pixel window does not fit a \(height)×\(width) map")
        }
        var table = [Double](repeating: 0, count: (height + 1) * (width + 1))
        for row in 0..<height {
            for column in 0..<width {
                var energy = 0.0
                for channel in 0..<channels { energy += Double(abs(map.scalars[(channel * height + row) * width + column])) }
                table[(row + 1) * (width + 1) + column + 1] = energy + table[row * (width + 1) + column + 1]
                    + table[(row + 1) * (width + 1) + column] - table[row * (width + 1) + column]
            }
        }
        let total = table.last!
        var best = EnergyConcentration(share: 0, top: 0, left: 0, size: size)
        guard total > 0 else { return best }
        for top in 0...(height - size) {
            for left in 0...(width - size) {
                let (bottom, right) = (top + size, left + size)
                let inside = table[bottom * (width + 1) + right] - table[top * (width + 1) + right]
                    - table[bottom * (width + 1) + left] + table[top * (width + 1) + left]
                if inside / total > best.share { best = EnergyConcentration(share: inside / total, top: top, left: left, size: size) }
            }
        }
        return best
    }

    /// `map` (C×H×W) inside this window, zero outside it.
    public func patch(of map: Tensor) -> Tensor {
        var patch = Tensor(shape: map.shape)
        let (channels, height, width) = (map.shape[0], map.shape[1], map.shape[2])
        for channel in 0..<channels {
            for row in top..<min(height, top + size) {
                for column in left..<min(width, left + size) {
                    let index = (channel * height + row) * width + column
                    patch.scalars[index] = map.scalars[index]
                }
            }
        }
        return patch
    }
}
