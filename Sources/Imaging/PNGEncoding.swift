import CPNG
import Foundation

extension Image {
    /// The picture as PNG bytes: 8-bit, its own pixel layout, no timestamp or other varying chunk,
    /// so identical pictures give identical bytes. Tuned for speed, which an interactive kernel
    /// answering with figures needs more than the last few percent of size: one cheap filter
    /// ("up": flat figure backgrounds become runs of zeros, photos become small differences) and
    /// zlib's run-length strategy at level 1, about 25 % faster than ordinary level-1 deflate on
    /// a 224² overlay for a similar size.
    public func pngData() throws -> [UInt8] {
        var output: UnsafeMutablePointer<UInt8>?
        var size = 0
        var message = [CChar](repeating: 0, count: 201)
        let status = pixels.withUnsafeBufferPointer { samples in
            saliency_png_encode(samples.baseAddress, Int32(width), Int32(height), Int32(layout.channelCount),
                                PNG_FILTER_UP, Z_RLE, 1, &output, &size, &message)
        }
        defer { free(output) }
        guard Int(status) == SALIENCY_PNG_OK, let output else {
            let text = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw ImagingError.invalidArgument("PNG encoding failed: \(text)")
        }
        return Array(UnsafeBufferPointer(start: output, count: size))
    }
}
