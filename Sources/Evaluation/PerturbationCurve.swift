import Imaging
import Tensor

/// Deletion and insertion curves (Petsiuk et al. BMVC 2018): remove the most important pixels first
/// and watch the class probability fall (deletion: lower area is better), or reveal them first on
/// a substitute and watch it rise (insertion: higher is better).
public struct PerturbationCurve: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable { case deletion, insertion }

    /// What replaces a removed pixel (deletion) or stands before a pixel is revealed (insertion).
    public enum Substitute: Sendable, Codable, Equatable {
        case constant(Float)
        /// The image blurred by a Gaussian of this σ over an 11-pixel window, as RISE does.
        case blur(sigma: Double)

        public static let black = Substitute.constant(0)
    }

    public var kind: Kind
    /// The fraction of pixels changed at each point, from 0 to 1.
    public var fractions: [Double]
    /// The class score at each point.
    public var scores: [Double]

    /// The area under the curve by the trapezoid rule over fractions in [0, 1].
    public var areaUnderCurve: Double {
        guard scores.count > 1 else { return scores.first ?? 0 }
        let inner = scores.reduce(0, +) - (scores.first! + scores.last!) / 2
        return inner / Double(scores.count - 1)
    }

    /// The curve of `image` (C×H×W or 1×C×H×W) under `map` (same H×W; channels are summed). Pixels
    /// are ranked by the map, highest first, ties in row-major order, and changed `pixelsPerStep`
    /// at a time. `score` gives the class score of each image of a batch N×C×H×W.
    public static func measure(
        _ kind: Kind, image: Tensor, map: Tensor, substitute: Substitute = .black, pixelsPerStep: Int? = nil,
        batchSize: Int = 32, score: (Tensor) throws -> [Float]
    ) throws -> PerturbationCurve {
        let picture = try image.reshaped(Array(image.shape.suffix(3)))
        guard picture.rank == 3, image.count == picture.count else {
            throw EvaluationError.shapeMismatch("expected one image C×H×W or 1×C×H×W, got \(image.shape)")
        }
        let (channels, height, width) = (picture.shape[0], picture.shape[1], picture.shape[2])
        let saliency = try SpatialMap(channelSumOf: map)
        guard saliency.height == height, saliency.width == width else {
            throw EvaluationError.shapeMismatch("the map is \(saliency.height)×\(saliency.width) but the image is \(height)×\(width)")
        }
        let pixels = height * width
        let step = pixelsPerStep ?? (pixels + 99) / 100
        guard step >= 1, batchSize >= 1 else {
            throw EvaluationError.invalidArgument("pixels per step and batch size must be at least 1")
        }
        let order = saliency.values.indices.sorted { saliency.values[$0] > saliency.values[$1] }
        let replacement = try substituteImage(substitute, for: picture)
        let (start, finish) = kind == .deletion ? (picture, replacement) : (replacement, picture)

        let counts = Array(stride(from: 0, to: pixels, by: step)) + [pixels]
        var scores: [Double] = []
        var current = start
        var changed = 0
        for chunk in stride(from: 0, to: counts.count, by: batchSize) {
            let chunkCounts = counts[chunk..<min(chunk + batchSize, counts.count)]
            var batch: [Float] = []
            batch.reserveCapacity(chunkCounts.count * picture.count)
            for count in chunkCounts {
                for pixel in order[changed..<count] {
                    for channel in 0..<channels {
                        current.scalars[channel * pixels + pixel] = finish.scalars[channel * pixels + pixel]
                    }
                }
                changed = count
                batch += current.scalars
            }
            let results = try score(Tensor(shape: [chunkCounts.count, channels, height, width], scalars: batch))
            guard results.count == chunkCounts.count else {
                throw EvaluationError.shapeMismatch("the scorer returned \(results.count) scores for \(chunkCounts.count) images")
            }
            scores += results.map(Double.init)
        }
        return PerturbationCurve(kind: kind, fractions: counts.map { Double($0) / Double(pixels) }, scores: scores)
    }

    private static func substituteImage(_ substitute: Substitute, for picture: Tensor) throws -> Tensor {
        switch substitute {
        case .constant(let value):
            return Tensor(shape: picture.shape, repeating: value)
        case .blur(let sigma):
            guard sigma > 0 else { throw EvaluationError.invalidArgument("the blur σ must be positive, got \(sigma)") }
            let (height, width) = (picture.shape[1], picture.shape[2])
            let filter = GaussianFilter(sigma: sigma, radius: 5)
            var blurred = picture
            for channel in 0..<picture.shape[0] {
                let range = (channel * height * width)..<((channel + 1) * height * width)
                let smoothed = filter.apply(picture.scalars[range].map(Double.init), height: height, width: width)
                blurred.scalars.replaceSubrange(range, with: smoothed.map(Float.init))
            }
            return blurred
        }
    }
}
