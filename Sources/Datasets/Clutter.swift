import Foundation
import Tensor

/// The cluttered backgrounds of the scenes: a smooth colour gradient, pixel noise and distractor
/// strokes. Clutter makes a classifier find the object instead of reading the mean colour, so that
/// saliency maps have something to localise.
enum Clutter {
    static func paint(on canvas: inout Canvas, using generator: inout SeededGenerator) {
        paintGradient(on: &canvas, using: &generator)
        let strokes = Int(generator.uniform(2, 6))
        for _ in 0..<strokes {
            paintStroke(on: &canvas, using: &generator)
        }
    }

    /// Gaussian pixel noise, added last so that it lies over the object too.
    static func addNoise(to canvas: inout Canvas, using generator: inout SeededGenerator) {
        let sigma = generator.uniform(0.02, 0.08)
        for y in 0..<canvas.height {
            for x in 0..<canvas.width {
                let noise = sigma * generator.nextNormal()
                canvas.blend(x: x, y: y, with: canvas.color(x: x, y: y) + RGB(noise, noise, noise), coverage: 1)
            }
        }
        canvas.clampToUnitRange()
    }

    private static func paintGradient(on canvas: inout Canvas, using generator: inout SeededGenerator) {
        let from = RGB.random(using: &generator)
        let to = RGB.random(using: &generator)
        let angle = Double(generator.uniform(0, 2 * .pi))
        let (dx, dy) = (cos(angle), sin(angle))
        let (cx, cy) = (Double(canvas.width) / 2, Double(canvas.height) / 2)
        let reach = Double(max(canvas.width, canvas.height)) * 0.75
        for y in 0..<canvas.height {
            for x in 0..<canvas.width {
                let along = ((Double(x) - cx) * dx + (Double(y) - cy) * dy) / reach
                let t = Float(min(1, max(0, 0.5 + along)))
                let color = RGB(from.red + (to.red - from.red) * t,
                                from.green + (to.green - from.green) * t,
                                from.blue + (to.blue - from.blue) * t)
                canvas.blend(x: x, y: y, with: color, coverage: 1)
            }
        }
    }

    private static func paintStroke(on canvas: inout Canvas, using generator: inout SeededGenerator) {
        let (w, h) = (Float(canvas.width), Float(canvas.height))
        let start = (x: Double(generator.uniform(0, w)), y: Double(generator.uniform(0, h)))
        let end = (x: Double(generator.uniform(0, w)), y: Double(generator.uniform(0, h)))
        let halfWidth = Double(generator.uniform(0.4, 1.2))
        let color = RGB.random(using: &generator)
        canvas.paint(color) { x, y in
            distance(from: (x, y), toSegment: start, end) <= halfWidth
        }
    }

    private static func distance(from p: (Double, Double), toSegment a: (x: Double, y: Double),
                                 _ b: (x: Double, y: Double)) -> Double {
        let (abx, aby) = (b.x - a.x, b.y - a.y)
        let lengthSquared = abx * abx + aby * aby
        let t = lengthSquared == 0 ? 0 : min(1, max(0, ((p.0 - a.x) * abx + (p.1 - a.y) * aby) / lengthSquared))
        let (qx, qy) = (a.x + t * abx - p.0, a.y + t * aby - p.1)
        return (qx * qx + qy * qy).squareRoot()
    }
}
