import Testing
import Imaging

@Suite("Colormaps match matplotlib")
struct ColormapTests {
    struct Reference: Decodable {
        let points: [Float]
        let maps: [String: [[Float]]]
    }

    @Test("every map is within 1/255 of matplotlib's cmap(x), ends and out-of-range included",
          arguments: Colormap.names)
    func matchesMatplotlib(name: String) throws {
        let reference = try Fixtures.json("colormap_reference.json", as: Reference.self)
        let expected = try #require(reference.maps[name])
        let colormap = try Colormap(named: name)
        for (point, rgb) in zip(reference.points, expected) {
            let color = colormap.color(at: point)
            let actual = [color.red, color.green, color.blue].map { Float($0) / 255 }
            let error = zip(actual, rgb).map { abs($0 - $1) }.max() ?? .infinity
            #expect(error <= 1.0 / 255 + 1e-6, "\(name) at \(point): \(actual) vs \(rgb)")
        }
    }

    @Test("names are case-insensitive; unknown names list the choices")
    func names() throws {
        #expect(try Colormap(named: "rdbu").name == "RdBu")
        #expect(try Colormap(named: "RdBu").isDiverging)
        #expect(!Colormap.inferno.isDiverging)
        #expect {
            try Colormap(named: "rainbow")
        } throws: { error in
            "\(error)".contains("viridis, inferno")
        }
    }
}
