import Testing
import Imaging
import Tensor

@Suite("Resize, crop, normalize")
struct ResizeTests {
    struct Reference: Decodable {
        struct Case: Decodable {
            let width: Int
            let height: Int
            let values: [Float]
        }
        let height: Int
        let width: Int
        let source: [Float]
        let cases: [Case]
    }

    @Test("bilinear resampling matches Pillow's BILINEAR on float images, shrinking and enlarging")
    func matchesPillow() throws {
        let reference = try Fixtures.json("resize.json", as: Reference.self)
        let source = try Tensor(shape: [1, 1, reference.height, reference.width], scalars: reference.source)
        for expected in reference.cases {
            let resized = try source.resizedBilinear(height: expected.height, width: expected.width)
            #expect(resized.shape == [1, 1, expected.height, expected.width])
            let error = zip(resized.scalars, expected.values).map { abs($0 - $1) }.max() ?? .infinity
            #expect(error < 1e-5, "\(expected.width)×\(expected.height): max error \(error)")
        }
    }

    @Test("shrinking averages every input pixel instead of skipping some")
    func areaAveraging() throws {
        // 8 → 1 pixel: the triangle widens to 8 pixels, weights 1 - |x - 3.5| / 8 (sum 6), so the
        // spike in the last pixel counts 0.5625 / 6. Plain bilinear would read only pixels 3 and 4.
        let spike = try Tensor(shape: [1, 8], scalars: [0, 0, 0, 0, 0, 0, 0, 8])
        #expect(try spike.resizedBilinear(height: 1, width: 1).scalars == [0.75])
    }

    @Test("images resize per channel and keep their layout")
    func imageResize() throws {
        let image = try Image(width: 4, height: 4, filledWith: RGB(red: 10, green: 20, blue: 30))
        let resized = try image.resized(width: 3, height: 7)
        #expect(resized.layout == .rgb && resized.width == 3 && resized.height == 7)
        #expect(resized.pixels == [UInt8](repeating: 0, count: 21).flatMap { _ in [10, 20, 30] as [UInt8] })
    }

    @Test("center crop takes the middle, rounding like torchvision")
    func centerCrop() throws {
        let source = try Tensor(shape: [1, 1, 3, 5], scalars: (0..<15).map(Float.init))
        #expect(try source.centerCropped(height: 1, width: 2).scalars == [7, 8])
        #expect(try source.centerCropped(height: 2, width: 3).scalars == [6, 7, 8, 11, 12, 13])
        #expect(throws: ImagingError.self) { try source.centerCropped(height: 4, width: 1) }
    }

    @Test("presets normalize and invert", arguments: ["imagenet", "unit", "symmetric"])
    func normalization(preset: String) throws {
        let normalization = try Normalization.preset(named: preset)
        let pixels = try Tensor(shape: [1, 3, 2, 2], scalars: (0..<12).map { Float($0) / 11 })
        let normalized = try normalization.applied(to: pixels)
        let restored = try normalization.inverted(normalized)
        #expect(zip(restored.scalars, pixels.scalars).allSatisfy { abs($0 - $1) < 1e-6 })
    }

    @Test("imagenet and symmetric presets give the documented values")
    func presetValues() throws {
        let white = Tensor(shape: [1, 3, 1, 1], repeating: 1)
        let imagenet = try Normalization.imagenet.applied(to: white).scalars
        #expect(abs(imagenet[0] - (1 - 0.485) / 0.229) < 1e-6)
        #expect(abs(imagenet[2] - (1 - 0.406) / 0.225) < 1e-6)
        #expect(try Normalization.symmetric.applied(to: white).scalars == [1, 1, 1])
        #expect(throws: ImagingError.self) { try Normalization.preset(named: "cifar") }
        #expect(throws: ImagingError.self) { try Normalization(mean: [0, 0], std: [1, 0]) }
    }

    @Test("preprocessing resizes the shorter side, crops and normalizes")
    func preprocessing() throws {
        let image = try Image(width: 40, height: 20, filledWith: RGB(red: 255, green: 0, blue: 255))
        let input = try Preprocessing(resizeShorterSide: 16, cropSize: 12, normalization: .unit).tensor(from: image)
        #expect(input.shape == [1, 3, 12, 12])
        #expect(Set(input.scalars.prefix(144)) == [1])
        #expect(Set(input.scalars[144..<288]) == [0])
    }

    @Test("tensors and images convert both ways")
    func tensorConversion() throws {
        let image = try Image(decoding: Fixtures.bytes("rgb8.png"))
        let tensor = image.tensor()
        #expect(tensor.shape == [1, 3, 9, 13])
        #expect(try Image(tensor: tensor) == image)
        let gray = try Image(tensor: Tensor(shape: [2, 2], scalars: [-1, 0, 0.5, 2]), range: -1...1)
        #expect(gray.layout == .gray && gray.pixels == [0, 128, 191, 255])
    }
}
