/// How the channels of an attribution (one per input color) become one value per pixel.
public enum ChannelReduction: String, Sendable, CaseIterable {
    /// The signed sum (Captum's reduction for `visualize_image_attr`).
    case sum
    /// The magnitude of the signed sum.
    case absoluteSum
    /// The Euclidean norm over channels.
    case l2Norm
    /// The largest magnitude over channels (Simonyan et al.'s saliency maps).
    case maxAbsolute

    /// Reduces `channels` planes of `planeSize` values each, stored plane after plane.
    func reduce(_ planes: ArraySlice<Float>, channels: Int, planeSize: Int) -> [Float] {
        let base = planes.startIndex
        var reduced = [Float](repeating: 0, count: planeSize)
        for index in 0..<planeSize {
            var accumulator: Float = 0
            for channel in 0..<channels {
                let value = planes[base + channel * planeSize + index]
                switch self {
                case .sum, .absoluteSum: accumulator += value
                case .l2Norm: accumulator += value * value
                case .maxAbsolute: accumulator = max(accumulator, abs(value))
                }
            }
            reduced[index] = switch self {
            case .sum, .maxAbsolute: accumulator
            case .absoluteSum: abs(accumulator)
            case .l2Norm: accumulator.squareRoot()
            }
        }
        return reduced
    }
}
