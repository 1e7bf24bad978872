import Testing
import Imaging
import Tensor

@Suite("Attribution heatmaps")
struct HeatmapTests {
    struct Reference: Decodable {
        let shape: [Int]
        let attribution: [Float]
        let signs: [String: [Float]]
    }

    @Test("scaling matches Captum's _normalize_attr for every sign",
          arguments: VisualizationSign.allCases)
    func matchesCaptum(sign: VisualizationSign) throws {
        let reference = try Fixtures.json("heatmap.json", as: Reference.self)
        let attribution = try Tensor(shape: reference.shape, scalars: reference.attribution)
        let heatmap = try Heatmap(attribution: attribution, options: HeatmapOptions(sign: sign))
        let expected = try #require(reference.signs[sign.rawValue])
        #expect(heatmap.isSigned == (sign == .all))
        #expect(heatmap.message == nil)
        let error = zip(heatmap.values, expected).map { abs($0 - $1) }.max() ?? .infinity
        #expect(error < 1e-5)
    }

    @Test("channel reductions", arguments: [
        (ChannelReduction.sum, Float(-1)), (.absoluteSum, 1), (.l2Norm, 5), (.maxAbsolute, 4),
    ])
    func reductions(reduction: ChannelReduction, expected: Float) throws {
        // One pixel with channels (3, -4, 0) beside a pixel of zeros; min-max keeps the raw ratio.
        let attribution = try Tensor(shape: [3, 1, 2], scalars: [3, 0, -4, 0, 0, 0])
        let heatmap = try Heatmap(attribution: attribution,
                                  options: HeatmapOptions(sign: .all, reduction: reduction, scaling: .clipOutliers(percent: 0)))
        #expect(heatmap.values == [expected / abs(expected), 0])
    }

    @Test("all-zero and all-NaN maps give blank pictures with a message")
    func blankMaps() throws {
        let zero = try Heatmap(attribution: Tensor(shape: [1, 3, 4, 4]))
        #expect(zero.values == [Float](repeating: 0, count: 16))
        #expect(zero.message?.contains("zero everywhere") == true)
        let nan = try Heatmap(attribution: Tensor(shape: [4, 4], repeating: .nan))
        #expect(nan.message?.contains("NaN") == true)
        let picture = nan.image(colormap: .inferno)
        let low = Colormap.inferno.color(at: 0)
        #expect(Set(picture.pixels) == [low.red, low.green, low.blue])
        let partly = try Heatmap(attribution: Tensor(shape: [1, 2], scalars: [.nan, 2]))
        #expect(partly.values == [0, 1])
        #expect(partly.message == "1 NaN or infinite values are shown as 0")
    }

    @Test("a batch of maps is refused with its shape")
    func batch() {
        #expect(throws: ImagingError.self) { try Heatmap(attribution: Tensor(shape: [2, 3, 4, 4], repeating: 1)) }
    }

    @Test("the top-k % mask keeps the largest magnitudes")
    func topPercent() throws {
        let values = (1...100).map(Float.init)
        let heatmap = try Heatmap(attribution: Tensor(shape: [10, 10], scalars: values),
                                  options: HeatmapOptions(scaling: .clipOutliers(percent: 0), topPercent: 10))
        let picture = try heatmap.overlay(on: Image(width: 10, height: 10, filledWith: .black), colormap: .gray, alpha: 1)
        let shown = stride(from: 0, to: picture.pixels.count, by: 3).filter { picture.pixels[$0] > 0 }.map { $0 / 3 }
        #expect(shown == Array(90..<100))
        #expect(throws: ImagingError.self) { try heatmap.keepingTop(percent: 0) }
    }

    @Test("a coarse map is upsampled bilinearly to the picture")
    func upsampling() throws {
        let coarse = try Heatmap(width: 2, height: 1, values: [0, 1], isSigned: false)
        let fine = try coarse.upsampled(width: 4, height: 1)
        #expect(fine.values == [0, 0.25, 0.75, 1])
    }

    @Test("overlay blends with alpha; signed maps centre 0 on a diverging map")
    func overlay() throws {
        let picture = try Image(width: 2, height: 1, filledWith: RGB(red: 200, green: 100, blue: 0))
        let heatmap = try Heatmap(width: 2, height: 1, values: [-1, 1], isSigned: true)
        #expect(try heatmap.overlay(on: picture, colormap: .coolwarm, alpha: 0) == picture)
        let full = try heatmap.overlay(on: picture, colormap: .coolwarm, alpha: 1)
        #expect(full == heatmap.image(colormap: .coolwarm))
        let coolwarm = Colormap.coolwarm
        #expect(Array(full.pixels[0..<3]) == [coolwarm.color(at: 0).red, coolwarm.color(at: 0).green, coolwarm.color(at: 0).blue])
        let half = try heatmap.overlay(on: picture, colormap: .gray, alpha: 0.5)
        #expect(Array(half.pixels[3..<6]) == [228, 178, 128])   // (200+255)/2, (100+255)/2, (0+255)/2
        #expect(throws: ImagingError.self) { try heatmap.overlay(on: picture, colormap: .gray, alpha: 2) }
    }
}
