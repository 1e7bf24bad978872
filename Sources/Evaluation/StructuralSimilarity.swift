import Imaging

/// SSIM (Wang et al. 2004) with an 11×11 Gaussian window of σ = 1.5 and population covariances,
/// averaged over the pixels whose window lies inside the image — scikit-image's
/// `structural_similarity(gaussian_weights=True, sigma=1.5, use_sample_covariance=False)`.
public enum StructuralSimilarity {
    public static func index(_ a: SpatialMap, _ b: SpatialMap, dataRange: Double = 1) throws -> Double {
        guard a.height == b.height, a.width == b.width else {
            throw EvaluationError.shapeMismatch("SSIM of a \(a.height)×\(a.width) and a \(b.height)×\(b.width) map")
        }
        let filter = GaussianFilter(sigma: 1.5, truncate: 3.5)
        let pad = filter.radius
        guard a.height > 2 * pad, a.width > 2 * pad else {
            throw EvaluationError.invalidArgument("SSIM needs maps larger than \(2 * pad + 1)×\(2 * pad + 1), got \(a.height)×\(a.width)")
        }
        let (h, w) = (a.height, a.width)
        let blur = { filter.apply($0, height: h, width: w) }
        let meanA = blur(a.values), meanB = blur(b.values)
        let meanAA = blur(a.values.map { $0 * $0 })
        let meanBB = blur(b.values.map { $0 * $0 })
        let meanAB = blur(zip(a.values, b.values).map(*))
        let c1 = (0.01 * dataRange) * (0.01 * dataRange)
        let c2 = (0.03 * dataRange) * (0.03 * dataRange)
        var sum = 0.0
        for row in pad..<(h - pad) {
            for column in pad..<(w - pad) {
                let i = row * w + column
                let varianceA = meanAA[i] - meanA[i] * meanA[i]
                let varianceB = meanBB[i] - meanB[i] * meanB[i]
                let covariance = meanAB[i] - meanA[i] * meanB[i]
                sum += ((2 * meanA[i] * meanB[i] + c1) * (2 * covariance + c2))
                    / ((meanA[i] * meanA[i] + meanB[i] * meanB[i] + c1) * (varianceA + varianceB + c2))
            }
        }
        return sum / Double((h - 2 * pad) * (w - 2 * pad))
    }
}
