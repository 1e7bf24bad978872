import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Imaging
import Plotting
import Testing

@Suite("Figures")
struct FigureTests {
    static let samples: [(String, @Sendable () throws -> any Figure)] = [
        ("grid.png", { try SampleFigures.grid() }),
        ("deletion.png", { try SampleFigures.linePlot() }),
        ("sanity.png", { SampleFigures.categoricalPlot() }),
        ("topk.png", { SampleFigures.barChart() }),
        ("scores.png", { SampleFigures.scoreChart() }),
    ]

    @Test("figures match their golden images", arguments: samples.map(\.0))
    func golden(name: String) throws {
        let figure = try #require(Self.samples.first { $0.0 == name }).1()
        let comparison = try GoldenImage.compare(figure.image(), golden: name)
        #expect(comparison.matches, "\(name): \(comparison)")
    }

    @Test("identical figures give identical PNG and SVG bytes")
    func deterministic() throws {
        let first = try SampleFigures.grid(), second = try SampleFigures.grid()
        #expect(try first.png() == second.png())
        let svg = try first.svg()
        #expect(try svg == second.svg())
        #expect(try SampleFigures.linePlot().svg() == SampleFigures.linePlot().svg())
        #expect(svg.hasPrefix("<?xml"))
        #expect(svg.contains("<svg"))
        #expect(svg.contains("<image"))   // the panels are embedded pictures
    }

    @Test("every figure's SVG is well-formed XML", arguments: samples.map(\.0))
    func wellFormedSVG(name: String) throws {
        let figure = try #require(Self.samples.first { $0.0 == name }).1()
        let parser = XMLParser(data: Data(try figure.svg().utf8))
        #expect(parser.parse(), "\(String(describing: parser.parserError))")
    }

    @Test("small maps are embedded enlarged with whole blocks, so SVG viewers cannot blur them")
    func blockySVG() throws {
        let map = try Image(width: 4, height: 4, layout: .gray, pixels: (0..<16).map { UInt8($0 * 16) })
        let svg = try PanelGrid(rows: [[Panel(image: map)]], panelSize: 96).svg()
        #expect(svg.contains(#"<image id="image1" width="96" height="96""#))
        let photo = try SampleFigures.gradientPicture(size: 64, tint: 0)
        #expect(try PanelGrid(rows: [[Panel(image: photo)]], panelSize: 80).svg().contains(#"width="64" height="64""#))
    }

    @Test("the SVG has the figure's size in points, the PNG that size times the scale")
    func sizes() throws {
        let plot = try SampleFigures.linePlot()
        #expect(try plot.svg().contains(#"width="360pt" height="240pt""#))
        let normal = try plot.image(), doubled = try plot.image(scale: 2)
        #expect(normal.width == 360 && normal.height == 240)
        #expect(doubled.width == 720 && doubled.height == 480)
        #expect(try plot.pointSize() == Size(width: 360, height: 240))
        #expect(throws: PlottingError.self) { try plot.image(scale: 0) }
    }

    @Test("an outline is drawn over its pixels of the picture, at the panel's scale")
    func outline() throws {
        let grey = try Image(width: 40, height: 40, filledWith: RGB(red: 128, green: 128, blue: 128))
        let box = Outline(top: 10, left: 20, height: 6, width: 8)
        let drawn = try PanelGrid(rows: [[Panel(image: grey, outlines: [box])]], panelSize: 80).image().rgb()
        func pixel(_ x: Int, _ y: Int) -> RGB {
            let offset = (y * drawn.width + x) * 3
            return RGB(red: drawn.pixels[offset], green: drawn.pixels[offset + 1], blue: drawn.pixels[offset + 2])
        }
        // The picture starts after the 12-point margin and is drawn twice its size.
        let (left, top, right, bottom) = (12 + 2 * 20, 12 + 2 * 10, 12 + 2 * 28, 12 + 2 * 16)
        for (x, y) in [(left, top + 6), (right, top + 6), (left + 8, top), (left + 8, bottom)] {
            #expect(pixel(x, y) == box.color, "(\(x), \(y)) is \(pixel(x, y))")
        }
        #expect(pixel(left + 8, top + 6) == RGB(red: 128, green: 128, blue: 128))   // inside, the picture shows through
        #expect(pixel(left - 6, top + 6) == RGB(red: 128, green: 128, blue: 128))
    }

    @Test("a grid sizes itself from its panels")
    func gridLayout() throws {
        let small = try PanelGrid(rows: [[Panel(image: SampleFigures.gradientPicture(size: 40, tint: 0))]]).image()
        #expect(small.width == 40 + 2 * 12 && small.height == 40 + 2 * 12)   // one picture and the margins
        let wide = try PanelGrid(rows: [[Panel(image: SampleFigures.gradientPicture(size: 40, tint: 0)),
                                         Panel(image: SampleFigures.gradientPicture(size: 40, tint: 0))]]).image()
        #expect(wide.width == small.width + 40 + 8 && wide.height == small.height)
    }

    @Test("degenerate input still draws: empty grid, empty plot, NaN values, mismatched series are refused")
    func degenerate() throws {
        #expect(try PanelGrid(rows: []).png().count > 0)
        #expect(try PanelGrid(rows: [[Panel(image: nil, title: "missing")]]).png().count > 0)
        #expect(try LinePlot(series: []).png().count > 0)
        #expect(try LinePlot(series: [Series(name: "nan", y: [.nan, 1, .infinity, 2])]).png().count > 0)
        #expect(try BarChart(bars: [Bar(label: "n/a", value: .nan)]).png().count > 0)
        #expect(try BarChart(bars: []).png().count > 0)
        #expect(try LinePlot(series: [], xCategories: []).png().count > 0)
        #expect(try LinePlot(series: [Series(name: "tiny", y: [1e-9, 3e-9])]).png().count > 0)
        #expect(throws: PlottingError.self) { try Series(name: "bad", x: [1, 2], y: [1]) }
    }
}
