import Tensor

/// An RGB picture under construction, channel-planar (C×H×W) like the tensors it becomes.
struct Canvas {
    let height: Int
    let width: Int
    private(set) var pixels: [Float]

    init(height: Int, width: Int) {
        self.height = height
        self.width = width
        pixels = [Float](repeating: 0, count: 3 * height * width)
    }

    var plane: Int { height * width }

    func color(x: Int, y: Int) -> RGB {
        let offset = y * width + x
        return RGB(pixels[offset], pixels[plane + offset], pixels[2 * plane + offset])
    }

    mutating func blend(x: Int, y: Int, with color: RGB, coverage: Float) {
        let offset = y * width + x
        for (channel, value) in [color.red, color.green, color.blue].enumerated() {
            let index = channel * plane + offset
            pixels[index] += (value - pixels[index]) * coverage
        }
    }

    /// Paints `color` wherever `inside(x, y)` holds, in continuous pixel coordinates, anti-aliased by
    /// 4×4 supersampling. Returns the coverage of every pixel, in [0, 1].
    @discardableResult
    mutating func paint(_ color: RGB, where inside: (Double, Double) -> Bool) -> [Float] {
        var coverage = [Float](repeating: 0, count: plane)
        let samples = 4
        for y in 0..<height {
            for x in 0..<width {
                var hits = 0
                for sy in 0..<samples {
                    for sx in 0..<samples {
                        let px = Double(x) + (Double(sx) + 0.5) / Double(samples)
                        let py = Double(y) + (Double(sy) + 0.5) / Double(samples)
                        if inside(px, py) { hits += 1 }
                    }
                }
                guard hits > 0 else { continue }
                let fraction = Float(hits) / Float(samples * samples)
                coverage[y * width + x] = fraction
                blend(x: x, y: y, with: color, coverage: fraction)
            }
        }
        return coverage
    }

    /// The mean colour inside a box, used to pick object colours that stand out from what is under them.
    func meanColor(inX xs: Range<Int>, y ys: Range<Int>) -> RGB {
        var sum = RGB(0, 0, 0)
        for y in ys.clamped(to: 0..<height) {
            for x in xs.clamped(to: 0..<width) {
                sum = sum + color(x: x, y: y)
            }
        }
        let n = Float(max(1, xs.clamped(to: 0..<width).count * ys.clamped(to: 0..<height).count))
        return RGB(sum.red / n, sum.green / n, sum.blue / n)
    }

    mutating func clampToUnitRange() {
        for index in pixels.indices {
            pixels[index] = min(1, max(0, pixels[index]))
        }
    }
}

/// A colour with components in [0, 1].
struct RGB: Equatable {
    var red: Float
    var green: Float
    var blue: Float

    init(_ red: Float, _ green: Float, _ blue: Float) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    static func + (a: RGB, b: RGB) -> RGB { RGB(a.red + b.red, a.green + b.green, a.blue + b.blue) }

    func distance(to other: RGB) -> Float {
        let (dr, dg, db) = (red - other.red, green - other.green, blue - other.blue)
        return (dr * dr + dg * dg + db * db).squareRoot()
    }

    static func random(using generator: inout SeededGenerator) -> RGB {
        RGB(generator.uniform(0, 1), generator.uniform(0, 1), generator.uniform(0, 1))
    }
}
