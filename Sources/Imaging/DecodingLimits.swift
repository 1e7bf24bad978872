/// Bounds a decoder enforces before allocating, so that a tiny file declaring a gigantic image
/// (a decompression bomb) is refused instead of exhausting memory.
public struct DecodingLimits: Sendable, Equatable {
    /// The largest `width × height` accepted (zero or less refuses every image).
    public var maxPixels: Int

    public init(maxPixels: Int = 50_000_000) {
        self.maxPixels = maxPixels
    }

    public static let standard = DecodingLimits()
}
