import Tensor

/// One attribution map brought to a colormap's range: values in [-1, 1] when `isSigned`
/// (sign `.all`), in [0, 1] otherwise, row-major `height × width`.
///
/// A map that holds nothing to show (all zero, all NaN) still gives a valid, blank heatmap, with
/// `message` saying why, so a figure of many methods never fails because of one.
public struct Heatmap: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public let values: [Float]
    public let isSigned: Bool
    /// Pixels whose magnitude is below this are hidden (the top-k % mask); nil shows all.
    public let visibilityThreshold: Float?
    /// Why the map looks blank or partly blank, for display beside the picture.
    public let message: String?

    /// The heatmap of `attribution`, shaped `[H, W]`, `[C, H, W]` or `[1, C, H, W]`.
    public init(attribution: Tensor, options: HeatmapOptions = HeatmapOptions()) throws {
        let planes = try PlaneShape(of: attribution)
        guard attribution.rank <= 3 || attribution.shape[0] == 1 else {
            throw ImagingError.invalidArgument(
                "a heatmap shows one attribution, got a batch of shape \(attribution.shape); select one image first")
        }
        let planeSize = planes.height * planes.width
        var reduced = options.reduction.reduce(attribution.scalars[...], channels: planes.count, planeSize: planeSize)
        let notANumber = reduced.reduce(0) { $0 + ($1.isFinite ? 0 : 1) }
        for index in reduced.indices {
            reduced[index] = reduced[index].isFinite ? options.sign.select(reduced[index]) : 0
        }
        var notes: [String] = []
        if notANumber == planeSize {
            notes.append("the attribution is NaN or infinite everywhere: nothing to show")
        } else if notANumber > 0 {
            notes.append("\(notANumber) NaN or infinite values are shown as 0")
        }
        let scaled = Heatmap.scale(reduced, options: options)
        if notANumber < planeSize, scaled == nil {
            notes.append("the attribution is zero everywhere (for sign \(options.sign.rawValue)): nothing to show")
        }
        let isSigned = options.sign == .all && options.scaling != .minMax
        try self.init(width: planes.width, height: planes.height, values: scaled ?? reduced.map { _ in 0 },
                      isSigned: isSigned, message: notes.isEmpty ? nil : notes.joined(separator: "; "))
        if let percent = options.topPercent {
            self = try keepingTop(percent: percent)
        }
    }

    /// A heatmap from already scaled values.
    public init(width: Int, height: Int, values: [Float], isSigned: Bool,
                visibilityThreshold: Float? = nil, message: String? = nil) throws {
        guard width > 0, height > 0, values.count == width * height else {
            throw ImagingError.invalidArgument("a \(width)×\(height) heatmap needs \(width * height) values, got \(values.count)")
        }
        self.width = width
        self.height = height
        self.values = values
        self.isSigned = isSigned
        self.visibilityThreshold = visibilityThreshold
        self.message = message
    }

    /// The scaled map, or nil when there is nothing to scale by (all zero).
    private static func scale(_ values: [Float], options: HeatmapOptions) -> [Float]? {
        switch options.scaling {
        case .clipOutliers(let percent):
            let threshold = HeatmapScaling.cumulativeThreshold(values.map(abs), percentile: 100 - min(max(percent, 0), 100))
            guard threshold > 0 else { return nil }
            return values.map { min(max($0 / threshold, -1), 1) }
        case .minMax:
            guard let low = values.min(), let high = values.max(), high > low else { return nil }
            return values.map { ($0 - low) / (high - low) }
        }
    }

    /// The same map showing only the `percent` % of pixels with the largest magnitudes.
    public func keepingTop(percent: Float) throws -> Heatmap {
        guard percent > 0, percent <= 100 else {
            throw ImagingError.invalidArgument("top-k percentage must be in (0, 100], not \(percent)")
        }
        let magnitudes = values.map(abs).sorted(by: >)
        let kept = max(1, Int((Float(magnitudes.count) * percent / 100).rounded(.up)))
        // Zero never counts as evidence, so a sparse map keeps fewer pixels rather than noise.
        let threshold = max(magnitudes[kept - 1], Float.leastNonzeroMagnitude)
        return try Heatmap(width: width, height: height, values: values, isSigned: isSigned,
                           visibilityThreshold: threshold, message: message)
    }

    /// The map interpolated bilinearly to `width × height`, e.g. a 7×7 Grad-CAM to a 224² image.
    public func upsampled(width: Int, height: Int) throws -> Heatmap {
        if width == self.width, height == self.height { return self }
        let resized = try Tensor(shape: [self.height, self.width], scalars: values)
            .resizedBilinear(height: height, width: width)
        return try Heatmap(width: width, height: height, values: resized.scalars, isSigned: isSigned,
                           visibilityThreshold: visibilityThreshold, message: message)
    }
}
