import CPNG

extension Image {
    /// The picture as PNG bytes: 8-bit, its own pixel layout, no timestamp or other varying chunk,
    /// so identical pictures give identical bytes. Compression favours speed (libpng's "fast"
    /// setting), which is what an interactive kernel answering with figures needs.
    public func pngData() throws -> [UInt8] {
        // libpng's simplified write API catches its own errors (no longjmp reaches Swift).
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        image.width = UInt32(width)
        image.height = UInt32(height)
        image.format = (layout.isGray ? 0 : UInt32(PNG_FORMAT_FLAG_COLOR))
            | (layout.hasAlpha ? UInt32(PNG_FORMAT_FLAG_ALPHA) : 0)
        image.flags = UInt32(PNG_IMAGE_FLAG_FAST)
        defer { png_image_free(&image) }
        // Room for the worst case (stored, uncompressed blocks) so that one pass suffices;
        // asking libpng for the size first would compress everything twice.
        let rowBytes = width * layout.channelCount + 1
        let worstCase = height * rowBytes + (height * rowBytes / 16_000 + 1) * 5 + 1024
        var output = [UInt8](repeating: 0, count: worstCase)
        var size = worstCase
        let written = output.withUnsafeMutableBytes { target in
            pixels.withUnsafeBytes { source in
                png_image_write_to_memory(&image, target.baseAddress, &size, 0, source.baseAddress, 0, nil)
            }
        }
        guard written != 0 else {
            let message = withUnsafeBytes(of: image.message) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            throw ImagingError.invalidArgument("PNG encoding failed: \(message)")
        }
        output.removeSubrange(size...)
        return output
    }
}
