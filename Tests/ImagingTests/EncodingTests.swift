import Testing
import Imaging

@Suite("Encoding PNG")
struct EncodingTests {
    @Test("encode then decode gives the same pixels for every layout",
          arguments: [PixelLayout.gray, .grayAlpha, .rgb, .rgba])
    func roundTrip(layout: PixelLayout) throws {
        let width = 37, height = 11
        let pixels = (0..<(width * height * layout.channelCount)).map { UInt8(truncatingIfNeeded: $0 &* 7919 >> 3) }
        let image = try Image(width: width, height: height, layout: layout, pixels: pixels)
        let decoded = try Image(decoding: image.pngData())
        #expect(decoded == image)
    }

    @Test("decoded fixtures re-encode losslessly")
    func fixtureRoundTrip() throws {
        for name in ["palette_alpha8.png", "rgba16_interlaced.png", "gray1.png"] {
            let image = try Image(decoding: Fixtures.bytes(name))
            #expect(try Image(decoding: image.pngData()) == image)
        }
    }

    @Test("identical pictures give identical bytes")
    func deterministic() throws {
        let first = try Image(width: 64, height: 48, filledWith: RGB(red: 12, green: 200, blue: 99))
        let second = try Image(width: 64, height: 48, filledWith: RGB(red: 12, green: 200, blue: 99))
        #expect(try first.pngData() == second.pngData())
        #expect(try first.pngData().starts(with: [0x89, 0x50, 0x4E, 0x47]))
    }

    @Test("a buffer that does not match its size is refused")
    func inconsistentBuffer() {
        #expect(throws: ImagingError.self) { try Image(width: 2, height: 2, layout: .rgb, pixels: [1, 2, 3]) }
        #expect(throws: ImagingError.self) { try Image(width: 0, height: 2, layout: .gray, pixels: []) }
    }
}
