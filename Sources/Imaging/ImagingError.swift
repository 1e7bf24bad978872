/// What went wrong with a picture, in words a user can act on.
public enum ImagingError: Error, Equatable, CustomStringConvertible {
    /// The bytes are not a format this module reads (PNG and JPEG).
    case unsupportedFormat(String)
    /// The file is a PNG or JPEG but broken: truncated, bad checksums, invalid data.
    case corrupt(String)
    /// The declared size exceeds the decoding pixel limit (a decompression bomb, or just too big).
    case tooLarge(width: Int, height: Int, limit: Int)
    /// A parameter or buffer that cannot work (a zero size, a wrong channel count, ...).
    case invalidArgument(String)
    /// Reading or writing a file failed.
    case io(String)

    public var description: String {
        switch self {
        case .unsupportedFormat(let message): "unsupported image format: \(message)"
        case .corrupt(let message): "corrupt image: \(message)"
        case .tooLarge(let width, let height, let limit):
            "image of \(width)×\(height) = \(width * height) pixels exceeds the limit of \(limit) pixels "
                + "(raise DecodingLimits.maxPixels if the file is trusted)"
        case .invalidArgument(let message): "invalid argument: \(message)"
        case .io(let message): "file error: \(message)"
        }
    }
}
