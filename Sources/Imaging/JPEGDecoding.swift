import CJPEG

/// JPEG decoding through libjpeg-turbo; the C shim keeps libjpeg's longjmp error handling in C
/// and refuses files that libjpeg only warns about (truncated or corrupt data).
enum JPEGDecoding {
    static let signature: [UInt8] = [0xFF, 0xD8, 0xFF]

    static func decode(_ bytes: [UInt8], limits: DecodingLimits) throws -> Image {
        try Imaging.decode(bytes, format: "JPEG", limits: limits, with: saliency_jpeg_decode)
    }
}
