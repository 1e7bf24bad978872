import Foundation

/// The shape shared by the C decode helpers in the CPNG and CJPEG shims: bytes and a pixel
/// limit in; status (0 decoded, 2 over the limit, else failed), a malloc'd 8-bit buffer, its size
/// and channel count, and a message of up to 200 bytes out.
typealias CDecodeFunction = @convention(c) (
    UnsafePointer<UInt8>?, Int, UInt64, UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?,
    UnsafeMutablePointer<Int32>?, UnsafeMutablePointer<Int32>?, UnsafeMutablePointer<Int32>?,
    UnsafeMutablePointer<CChar>?
) -> Int32

/// Runs a C decode helper and turns its outputs into an `Image` or an `ImagingError`.
func decode(_ bytes: [UInt8], format: String, limits: DecodingLimits, with decoder: CDecodeFunction) throws -> Image {
    var buffer: UnsafeMutablePointer<UInt8>?
    var width: Int32 = 0, height: Int32 = 0, channels: Int32 = 0
    var message = [CChar](repeating: 0, count: 201)
    let status = bytes.withUnsafeBufferPointer { data in
        decoder(data.baseAddress, data.count, UInt64(clamping: limits.maxPixels), &buffer, &width, &height, &channels, &message)
    }
    defer { free(buffer) }
    switch status {
    case 0:
        break
    case 2:
        throw ImagingError.tooLarge(width: Int(width), height: Int(height), limit: limits.maxPixels)
    default:
        let text = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        throw ImagingError.corrupt("\(format): \(text)")
    }
    guard let buffer, let layout = PixelLayout(rawValue: Int(channels)), width > 0, height > 0 else {
        throw ImagingError.unsupportedFormat("\(format) decoded to \(width)×\(height) with \(channels) channels")
    }
    let count = Int(width) * Int(height) * layout.channelCount
    return Image(unchecked: Int(width), Int(height), layout, Array(UnsafeBufferPointer(start: buffer, count: count)))
}
