import Foundation
import Tensor

/// Draws one scene: clutter, then the object at a random place, size, rotation and colour that
/// stands out from what lies under it, then pixel noise over everything.
struct SceneRenderer {
    let size: Int

    func render(_ label: ShapeClass, using generator: inout SeededGenerator) -> Scene {
        var canvas = Canvas(height: size, width: size)
        Clutter.paint(on: &canvas, using: &generator)

        let scale = Double(size) / 64
        let radius = Double(generator.uniform(9, 16)) * scale
        let margin = radius + 1
        let centerX = Double(generator.uniform(Float(margin), Float(Double(size) - margin)))
        let centerY = Double(generator.uniform(Float(margin), Float(Double(size) - margin)))
        let angle = Double(generator.uniform(0, 2 * .pi))
        let (cosine, sine) = (cos(angle), sin(angle))

        let under = canvas.meanColor(inX: Int(centerX - radius)..<Int(centerX + radius),
                                     y: Int(centerY - radius)..<Int(centerY + radius))
        let color = contrastingColor(to: under, using: &generator)
        let coverage = canvas.paint(color) { x, y in
            let (dx, dy) = ((x - centerX) / radius, (y - centerY) / radius)
            return label.contains(u: cosine * dx + sine * dy, v: -sine * dx + cosine * dy)
        }
        Clutter.addNoise(to: &canvas, using: &generator)

        let mask = coverage.map { $0 >= 0.5 ? Float(1) : 0 }
        return Scene(
            image: try! Tensor(shape: [3, size, size], scalars: canvas.pixels),
            label: label,
            mask: try! Tensor(shape: [1, size, size], scalars: mask),
            box: PixelBox.enclosing(mask, width: size))
    }

    /// A random colour at least 0.45 away (RGB distance) from `background`; the complement when
    /// twenty draws all land too close.
    private func contrastingColor(to background: RGB, using generator: inout SeededGenerator) -> RGB {
        for _ in 0..<20 {
            let candidate = RGB.random(using: &generator)
            if candidate.distance(to: background) >= 0.45 { return candidate }
        }
        return RGB(1 - background.red, 1 - background.green, 1 - background.blue)
    }
}
