/// Bounds a decoder enforces before allocating, so that a tiny file declaring a gigantic image
/// (a decompression bomb) is refused instead of exhausting memory.
public struct DecodingLimits: Sendable, Equatable {
    /// The largest `width × height` accepted.
    public var maxPixels: Int

    public init(maxPixels: Int = 50_000_000) {
        self.maxPixels = maxPixels
    }

    public static let standard = DecodingLimits()

    func check(width: Int, height: Int) throws {
        guard width > 0, height > 0 else {
            throw ImagingError.corrupt("declared size \(width)×\(height) is empty")
        }
        guard width.multipliedReportingOverflow(by: height).partialValue <= maxPixels,
              !width.multipliedReportingOverflow(by: height).overflow
        else {
            throw ImagingError.tooLarge(width: width, height: height, limit: maxPixels)
        }
    }
}
