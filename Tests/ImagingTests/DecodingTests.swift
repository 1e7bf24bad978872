import Testing
import Imaging

@Suite("Decoding PNG and JPEG")
struct DecodingTests {
    static let pngNames = ["rgb8.png", "rgba8.png", "gray8.png", "gray_alpha8.png", "gray16.png", "rgba16.png",
                           "gray1.png", "palette4.png", "palette_alpha8.png", "rgb8_interlaced.png",
                           "rgba16_interlaced.png"]
    static let jpegNames = ["photo.jpg", "photo_progressive.jpg", "gray.jpg"]

    @Test("every PNG color type and depth decodes to the generated samples", arguments: pngNames)
    func png(name: String) throws {
        let expected = try #require(Fixtures.expectedImages[name])
        let image = try Image(decoding: Fixtures.bytes(name))
        #expect(image.width == expected.width)
        #expect(image.height == expected.height)
        #expect(image.layout == expected.pixelLayout)
        #expect(image.pixels.count == expected.samples.count)
        let mismatches = zip(image.pixels, expected.samples).filter { $0 != $1 }.count
        #expect(mismatches == 0)
    }

    @Test("JPEGs decode as Pillow decodes them, within 2 levels", arguments: jpegNames)
    func jpeg(name: String) throws {
        let expected = try #require(Fixtures.expectedImages[name])
        let image = try Image(decoding: Fixtures.bytes(name))
        #expect(image.width == expected.width && image.height == expected.height)
        #expect(image.layout == expected.pixelLayout)
        let differences = zip(image.pixels, expected.samples).map { abs(Int($0) - Int($1)) }
        #expect(image.pixels.count == expected.samples.count)
        #expect(differences.max() ?? 0 <= 2)
    }

    @Test("files are read from a path, and a missing file names itself")
    func fromFile() throws {
        let image = try Image(contentsOfFile: Fixtures.url("rgb8.png").path)
        #expect(image.width == 13)
        #expect(throws: ImagingError.io("cannot read /nonexistent/x.png")) {
            try Image(contentsOfFile: "/nonexistent/x.png")
        }
    }

    @Test("grayscale conversion matches Pillow's convert(\"L\")")
    func grayscale() throws {
        let expected = try #require(Fixtures.expectedImages["rgb8.png luma"])
        let gray = try Image(decoding: Fixtures.bytes("rgb8.png")).grayscale()
        #expect(gray.layout == .gray)
        #expect(gray.pixels == expected.samples)
    }

    @Test("RGB conversion replicates gray and drops alpha")
    func rgbConversion() throws {
        let gray = try Image(width: 2, height: 1, layout: .grayAlpha, pixels: [10, 255, 200, 0])
        #expect(gray.rgb().pixels == [10, 10, 10, 200, 200, 200])
        let rgba = try Image(width: 1, height: 1, layout: .rgba, pixels: [1, 2, 3, 4])
        #expect(rgba.rgb().pixels == [1, 2, 3])
    }
}
