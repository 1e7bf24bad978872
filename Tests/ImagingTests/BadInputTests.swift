import Testing
import Imaging

@Suite("Bad input gives errors, never crashes")
struct BadInputTests {
    @Test("every truncation of a PNG is refused", arguments: ["rgb8.png", "rgba16_interlaced.png", "palette4.png"])
    func truncatedPNG(name: String) throws {
        let bytes = try Fixtures.bytes(name)
        for length in stride(from: 0, to: bytes.count, by: 3) {
            #expect(throws: ImagingError.self) { try Image(decoding: Array(bytes.prefix(length))) }
        }
    }

    @Test("a flipped byte in the image data fails its checksum")
    func corruptPNG() throws {
        var bytes = try Fixtures.bytes("rgb8.png")
        bytes[60] ^= 0x55
        #expect {
            try Image(decoding: bytes)
        } throws: { error in
            guard case ImagingError.corrupt(let message) = error else { return false }
            return message.hasPrefix("PNG:")
        }
    }

    @Test("truncated and corrupt JPEGs are refused", arguments: ["photo.jpg", "photo_progressive.jpg", "gray.jpg"])
    func truncatedJPEG(name: String) throws {
        let bytes = try Fixtures.bytes(name)
        for length in stride(from: 3, to: bytes.count - 2, by: 7) {
            #expect(throws: ImagingError.self) { try Image(decoding: Array(bytes.prefix(length))) }
        }
        var garbled = bytes
        for index in stride(from: 200, to: garbled.count - 2, by: 5) { garbled[index] = 0xFF }
        #expect(throws: ImagingError.self) { try Image(decoding: garbled) }
    }

    @Test("declared sizes above the pixel limit are refused before decoding", arguments: ["bomb.png", "bomb.jpg"])
    func bombs(name: String) throws {
        #expect {
            try Image(decoding: Fixtures.bytes(name))
        } throws: { error in
            guard case ImagingError.tooLarge(let width, let height, let limit) = error else { return false }
            return width * height > 3_000_000_000 && limit == 50_000_000
        }
    }

    @Test("the pixel limit is configurable")
    func configurableLimit() throws {
        let bytes = try Fixtures.bytes("rgb8.png")
        #expect(throws: ImagingError.tooLarge(width: 13, height: 9, limit: 100)) {
            try Image(decoding: bytes, limits: DecodingLimits(maxPixels: 100))
        }
        #expect(throws: ImagingError.tooLarge(width: 32, height: 24, limit: 700)) {
            try Image(decoding: Fixtures.bytes("photo.jpg"), limits: DecodingLimits(maxPixels: 700))
        }
        #expect(try Image(decoding: bytes, limits: DecodingLimits(maxPixels: 117)).width == 13)
        #expect(throws: ImagingError.self) { try Image(decoding: bytes, limits: DecodingLimits(maxPixels: -1)) }
    }

    @Test("randomly damaged files decode or throw, never crash",
          arguments: ["rgb8_interlaced.png", "palette_alpha8.png", "rgba16.png", "photo.jpg", "photo_progressive.jpg"])
    func damaged(name: String) throws {
        let original = try Fixtures.bytes(name)
        var state: UInt64 = 0x5EED
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407   // Knuth's MMIX LCG
            return Int((state >> 33) % UInt64(bound))
        }
        var refused = 0
        for _ in 0..<300 {
            var bytes = original
            for _ in 0..<(1 + next(4)) { bytes[8 + next(bytes.count - 8)] = UInt8(next(256)) }
            do {
                let image = try Image(decoding: bytes)
                #expect(image.pixels.count == image.width * image.height * image.layout.channelCount)
            } catch is ImagingError {
                refused += 1
            }
        }
        #expect(refused > 0)
    }

    @Test("empty input and other formats name what they saw")
    func unsupported() {
        #expect(throws: ImagingError.unsupportedFormat("no bytes to decode (empty file)")) { try Image(decoding: []) }
        #expect(throws: ImagingError.unsupportedFormat("not a PNG or JPEG (starts with 47 49 46 38 39 61)")) {
            try Image(decoding: Array("GIF89a".utf8))
        }
    }
}
