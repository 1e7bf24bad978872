import Foundation

/// Separable Gaussian smoothing with half-sample symmetric borders ("reflect"), the filter
/// scipy.ndimage.gaussian_filter applies; SSIM windows, blurred substitutes and blurred baselines use it.
public struct GaussianFilter: Sendable {
    public let weights: [Double]

    /// Weights for offsets −radius…radius.
    public init(sigma: Double, radius: Int) {
        let raw = (-radius...radius).map { exp(-0.5 * Double($0 * $0) / (sigma * sigma)) }
        let total = raw.reduce(0, +)
        weights = raw.map { $0 / total }
    }

    /// `truncate` standard deviations on each side, rounded as scipy rounds them.
    public init(sigma: Double, truncate: Double) {
        self.init(sigma: sigma, radius: Int(truncate * sigma + 0.5))
    }

    public var radius: Int { weights.count / 2 }

    /// `values` as an H×W plane, smoothed along rows and then columns.
    public func apply(_ values: [Double], height: Int, width: Int) -> [Double] {
        let rows = smooth(values, count: width, lines: height, step: 1, lineStride: width)
        return smooth(rows, count: height, lines: width, step: width, lineStride: 1)
    }

    /// Smooths `lines` lines of `count` samples, sample k of line l at `l·lineStride + k·step`.
    private func smooth(_ values: [Double], count: Int, lines: Int, step: Int, lineStride: Int) -> [Double] {
        var output = values
        for line in 0..<lines {
            let base = line * lineStride
            for position in 0..<count {
                var sum = 0.0
                for (offset, weight) in weights.enumerated() {
                    let source = Self.reflect(position + offset - radius, count: count)
                    sum += weight * values[base + source * step]
                }
                output[base + position * step] = sum
            }
        }
        return output
    }

    /// (d c b a | a b c d | d c b a)
    static func reflect(_ index: Int, count: Int) -> Int {
        var index = index
        let period = 2 * count
        index = ((index % period) + period) % period
        return index < count ? index : period - 1 - index
    }
}
