// `make bench-imaging`: the two speed budgets of the Imaging and Plotting modules, measured on
// synthetic data (release build). Prints the median and best of several runs per task.
import Foundation
import Imaging
import Plotting
import Tensor

/// A 224² photo-like picture and a smooth signed 3-channel attribution, deterministic.
func samplePicture(seed: Int) throws -> Image {
    var pixels = [UInt8](repeating: 0, count: 224 * 224 * 3)
    for y in 0..<224 {
        for x in 0..<224 {
            let index = 3 * (y * 224 + x)
            pixels[index] = UInt8((x + 37 * seed) % 256)
            pixels[index + 1] = UInt8((y * 2 + seed) % 256)
            pixels[index + 2] = UInt8((x ^ y) & 0xFF)
        }
    }
    return try Image(width: 224, height: 224, layout: .rgb, pixels: pixels)
}

func sampleAttribution(seed: Int) throws -> Tensor {
    var values = [Float](repeating: 0, count: 3 * 224 * 224)
    for index in values.indices {
        let x = Float(index % 224), y = Float((index / 224) % 224)
        values[index] = sin(x / 17 + Float(seed)) * cos(y / 23) + 0.01 * Float((index * 7919) % 101)
    }
    return try Tensor(shape: [1, 3, 224, 224], scalars: values)
}

/// Runs `body` `runs` times and returns (median, best) in milliseconds.
func measure(runs: Int, _ body: () throws -> Void) rethrows -> (median: Double, best: Double) {
    var times: [Double] = []
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }
    times.sort()
    return (times[times.count / 2], times[0])
}

func report(_ task: String, _ time: (median: Double, best: Double), budget: Double) {
    let verdict = time.median <= budget ? "within" : "OVER"
    let limit = budget.isFinite ? String(format: "%@ the %.0f ms budget", verdict, budget) : "no budget"
    print(task.padding(toLength: 56, withPad: " ", startingAt: 0)
        + String(format: "median %7.2f ms  best %7.2f ms  (%@)", time.median, time.best, limit))
}

let picture = try samplePicture(seed: 0)
let attribution = try sampleAttribution(seed: 0)
var bytes = 0
let overlay = try measure(runs: 60) {
    let heatmap = try Heatmap(attribution: attribution, options: HeatmapOptions(sign: .all))
    bytes = try heatmap.overlay(on: picture, colormap: .coolwarm, alpha: 0.6).pngData().count
}
report("heatmap + overlay + colormap + PNG, 224² (\(bytes / 1024) KiB)", overlay, budget: 5)

let methods = ["gradient", "integrated gradients", "SmoothGrad", "guided backprop", "Grad-CAM", "LRP"]
let rows = try (0..<4).map { row in
    let image = try samplePicture(seed: row)
    return try methods.indices.map { column in
        let heatmap = try Heatmap(attribution: sampleAttribution(seed: 6 * row + column), options: HeatmapOptions(sign: .all))
        return Panel(image: try heatmap.overlay(on: image, colormap: .coolwarm, alpha: 0.6), title: methods[column])
    }
}
let grid = PanelGrid(rows: rows, rowLabels: (1...4).map { "image \($0)" }, columnLabels: [],
                     suptitle: "Methods × images", sharedColorbar: Colorbar(colormap: .coolwarm, range: -1...1, label: "attribution"))
var figureBytes = 0
let figure = try measure(runs: 10) { figureBytes = try grid.png().count }
report("4×6 comparison figure to PNG (\(figureBytes / 1024) KiB)", figure, budget: 150)
let svg = try measure(runs: 3) { _ = try grid.svg() }
report("the same figure to SVG", svg, budget: .infinity)
