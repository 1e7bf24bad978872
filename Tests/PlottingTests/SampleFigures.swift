import Foundation
import Imaging
import Plotting
import Tensor

/// Small figures of each kind, built from synthetic pictures so that they need no files.
enum SampleFigures {
    static func gradientPicture(size: Int, tint: UInt8) throws -> Image {
        var pixels: [UInt8] = []
        for y in 0..<size {
            for x in 0..<size {
                pixels += [UInt8(x * 255 / (size - 1)), UInt8(y * 255 / (size - 1)), tint]
            }
        }
        return try Image(width: size, height: size, layout: .rgb, pixels: pixels)
    }

    /// A signed attribution: a positive blob top-left, a negative one bottom-right.
    static func attribution(size: Int) throws -> Tensor {
        var values: [Float] = []
        for y in 0..<size {
            for x in 0..<size {
                let a = Float((x - size / 3) * (x - size / 3) + (y - size / 3) * (y - size / 3))
                let b = Float((x - 2 * size / 3) * (x - 2 * size / 3) + (y - 2 * size / 3) * (y - 2 * size / 3))
                values.append(exp(-a / Float(size)) - 0.6 * exp(-b / Float(size)))
            }
        }
        return try Tensor(shape: [1, 1, size, size], scalars: values)
    }

    static func grid() throws -> PanelGrid {
        let colormap = Colormap.coolwarm
        var rows: [[Panel]] = []
        for row in 0..<2 {
            let picture = try gradientPicture(size: 32, tint: UInt8(80 * row))
            let signed = try Heatmap(attribution: attribution(size: 32), options: HeatmapOptions(sign: .all))
            let coarse = try Heatmap(attribution: attribution(size: 4), options: HeatmapOptions(sign: .positive))
            let blank = try Heatmap(attribution: Tensor(shape: [8, 8]))
            rows.append([
                Panel(image: picture, title: "input"),
                Panel(image: try signed.overlay(on: picture, colormap: colormap, alpha: 0.7), title: "gradient",
                      colorbar: Colorbar(for: signed, colormap: colormap)),
                Panel(image: coarse.image(colormap: .inferno), title: "coarse CAM",
                      colorbar: Colorbar(for: coarse, colormap: .inferno)),
                Panel(image: blank.image(colormap: .viridis), title: "blank", note: blank.message),
            ])
        }
        return PanelGrid(rows: rows, rowLabels: ["cat", "dog"], columnLabels: ["", "signed", "upsampled", "zero"],
                         suptitle: "Methods × images", panelSize: 72)
    }

    static func linePlot() throws -> LinePlot {
        let fractions = (0...10).map { Double($0) / 10 }
        return LinePlot(series: [
            try Series(name: "integrated gradients", x: fractions, y: fractions.map { exp(-4 * $0) }),
            try Series(name: "random", x: fractions, y: fractions.map { 1 - 0.9 * $0 }),
        ], title: "Deletion", xLabel: "fraction removed", yLabel: "probability", width: 360, height: 240)
    }

    static func categoricalPlot() -> LinePlot {
        LinePlot(series: [Series(name: "Spearman", y: [1, 0.7, 0.4, 0.2]), Series(name: "SSIM", y: [1, 0.8, 0.3, 0.1])],
                 title: "Cascading randomization", yLabel: "similarity", xCategories: ["logits", "fc", "conv2", "conv1"],
                 yRange: 0...1, width: 360, height: 240)
    }

    static func barChart() -> BarChart {
        BarChart(bars: [Bar(label: "circle", value: 0.82), Bar(label: "square", value: 0.11),
                        Bar(label: "triangle", value: 0.05), Bar(label: "star", value: 0.02)],
                 title: "Top-4 classes", valueLabel: "probability", valueRange: 0...1, width: 360)
    }

    static func scoreChart() -> BarChart {
        BarChart(bars: [Bar(label: "gradient", value: 0.42), Bar(label: "Grad-CAM", value: 0.81), Bar(label: "VAR", value: 0.93)],
                 title: "GridPG", valueLabel: "localization", orientation: .vertical, width: 300, height: 220)
    }
}
