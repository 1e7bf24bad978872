/// An 8-bit picture: `width × height` pixels, each `layout.channelCount` interleaved samples,
/// rows top to bottom. Decoders keep the file's layout (a gray PNG stays gray); 16-bit files are
/// scaled to 8 bits, which is all a picture for a human or a classifier needs.
public struct Image: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public let layout: PixelLayout
    public var pixels: [UInt8]

    /// An image of the given size holding `pixels` (row-major, interleaved).
    public init(width: Int, height: Int, layout: PixelLayout, pixels: [UInt8]) throws {
        guard width > 0, height > 0 else {
            throw ImagingError.invalidArgument("an image needs a positive size, not \(width)×\(height)")
        }
        let expected = width * height * layout.channelCount
        guard pixels.count == expected else {
            throw ImagingError.invalidArgument(
                "a \(width)×\(height) \(layout) image holds \(expected) samples, but \(pixels.count) were given")
        }
        self.width = width
        self.height = height
        self.layout = layout
        self.pixels = pixels
    }

    /// A `width × height` image with every pixel set to `color` (gray or RGB as `color` says).
    public init(width: Int, height: Int, filledWith color: RGB) throws {
        let pixelCount = max(width, 0) * max(height, 0)
        var pixels = [UInt8](repeating: 0, count: pixelCount * 3)
        for index in 0..<pixelCount {
            pixels[3 * index] = color.red
            pixels[3 * index + 1] = color.green
            pixels[3 * index + 2] = color.blue
        }
        try self.init(width: width, height: height, layout: .rgb, pixels: pixels)
    }

    /// The same picture as RGB: gray is replicated, alpha is dropped (as Pillow's `convert("RGB")`).
    public func rgb() -> Image {
        if layout == .rgb { return self }
        let channels = layout.channelCount
        var converted = [UInt8](repeating: 0, count: width * height * 3)
        for index in 0..<(width * height) {
            let source = index * channels
            let gray = layout.isGray
            converted[3 * index] = pixels[source]
            converted[3 * index + 1] = gray ? pixels[source] : pixels[source + 1]
            converted[3 * index + 2] = gray ? pixels[source] : pixels[source + 2]
        }
        return Image(unchecked: width, height, .rgb, converted)
    }

    /// For callers inside the module that computed a consistent buffer themselves.
    init(unchecked width: Int, _ height: Int, _ layout: PixelLayout, _ pixels: [UInt8]) {
        precondition(pixels.count == width * height * layout.channelCount, "inconsistent image buffer")
        self.width = width
        self.height = height
        self.layout = layout
        self.pixels = pixels
    }
}

/// How the samples of one pixel are laid out.
public enum PixelLayout: Int, Sendable, Equatable, CustomStringConvertible {
    case gray = 1
    case grayAlpha = 2
    case rgb = 3
    case rgba = 4

    public var channelCount: Int { rawValue }
    public var isGray: Bool { self == .gray || self == .grayAlpha }
    public var hasAlpha: Bool { self == .grayAlpha || self == .rgba }

    public var description: String {
        switch self {
        case .gray: "gray"
        case .grayAlpha: "gray+alpha"
        case .rgb: "RGB"
        case .rgba: "RGBA"
        }
    }
}

/// An 8-bit color.
public struct RGB: Sendable, Equatable, Hashable {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8

    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    public static let white = RGB(red: 255, green: 255, blue: 255)
    public static let black = RGB(red: 0, green: 0, blue: 0)
}
