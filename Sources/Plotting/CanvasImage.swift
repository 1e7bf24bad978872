import CCairo
import Imaging

extension Canvas {
    /// Paints `image` scaled into `rect`. Enlarged small maps stay blocky, so a 7×7 Grad-CAM
    /// shows its real resolution instead of a smooth blur it does not have: such pictures are
    /// first enlarged by a whole factor with nearest neighbours, so that SVG viewers, which
    /// smooth embedded pictures as they like, show the blocks too.
    func draw(_ image: Image, in rect: Rect) {
        let rgb = image.rgb()
        let scale = min(rect.width / Double(rgb.width), rect.height / Double(rgb.height))
        let blocky = scale >= 1.5
        let largestFactor = max(1, Int((4_000_000 / Double(rgb.width * rgb.height)).squareRoot()))
        let factor = blocky ? min(Int(scale.rounded()), largestFactor) : 1
        let width = rgb.width * factor, height = rgb.height * factor
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height)) else { return }
        defer { cairo_surface_destroy(surface) }
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        guard let data = cairo_image_surface_get_data(surface) else { return }
        rgb.pixels.withUnsafeBufferPointer { pixels in
            for y in 0..<height {
                let row = UnsafeMutableRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
                for x in 0..<width {
                    let source = 3 * ((y / factor) * rgb.width + x / factor)
                    row[x] = 0xFF00_0000 | UInt32(pixels[source]) << 16 | UInt32(pixels[source + 1]) << 8
                        | UInt32(pixels[source + 2])
                }
            }
        }
        cairo_surface_mark_dirty(surface)
        cairo_save(context)
        cairo_translate(context, rect.x, rect.y)
        cairo_scale(context, rect.width / Double(width), rect.height / Double(height))
        cairo_set_source_surface(context, surface, 0, 0)
        let pattern = cairo_get_source(context)
        cairo_pattern_set_filter(pattern, blocky ? CAIRO_FILTER_NEAREST : CAIRO_FILTER_GOOD)
        cairo_pattern_set_extend(pattern, CAIRO_EXTEND_PAD)
        cairo_rectangle(context, 0, 0, Double(width), Double(height))
        cairo_fill(context)
        cairo_restore(context)
    }
}
