import CCairo
import Imaging

extension Canvas {
    /// Paints `image` scaled into `rect`. Enlarged small maps stay blocky (nearest neighbour), so
    /// a 7×7 Grad-CAM shows its real resolution instead of a smooth blur it does not have.
    func draw(_ image: Image, in rect: Rect) {
        let rgb = image.rgb()
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(rgb.width), Int32(rgb.height)) else {
            return
        }
        defer { cairo_surface_destroy(surface) }
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        guard let data = cairo_image_surface_get_data(surface) else { return }
        rgb.pixels.withUnsafeBufferPointer { pixels in
            for y in 0..<rgb.height {
                let row = UnsafeMutableRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
                for x in 0..<rgb.width {
                    let source = 3 * (y * rgb.width + x)
                    row[x] = 0xFF00_0000 | UInt32(pixels[source]) << 16 | UInt32(pixels[source + 1]) << 8
                        | UInt32(pixels[source + 2])
                }
            }
        }
        cairo_surface_mark_dirty(surface)
        let scaleX = rect.width / Double(rgb.width), scaleY = rect.height / Double(rgb.height)
        cairo_save(context)
        cairo_translate(context, rect.x, rect.y)
        cairo_scale(context, scaleX, scaleY)
        cairo_set_source_surface(context, surface, 0, 0)
        let pattern = cairo_get_source(context)
        cairo_pattern_set_filter(pattern, min(scaleX, scaleY) >= 1.5 ? CAIRO_FILTER_NEAREST : CAIRO_FILTER_GOOD)
        cairo_pattern_set_extend(pattern, CAIRO_EXTEND_PAD)
        cairo_rectangle(context, 0, 0, Double(rgb.width), Double(rgb.height))
        cairo_fill(context)
        cairo_restore(context)
    }
}
