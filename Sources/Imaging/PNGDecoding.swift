import CPNG

/// PNG decoding through libpng; the C shim keeps libpng's longjmp error handling in C.
enum PNGDecoding {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    static func decode(_ bytes: [UInt8], limits: DecodingLimits) throws -> Image {
        try Imaging.decode(bytes, format: "PNG", limits: limits, with: saliency_png_decode)
    }
}
