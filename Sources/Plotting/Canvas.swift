import CCairo
import Foundation
import Imaging

/// A drawing surface for figures: a Cairo context plus the few primitives figures use, the same
/// for PNG and SVG output. Figures receive one in `Figure.draw(on:)`; only this module draws.
public final class Canvas {
    let context: OpaquePointer

    init(context: OpaquePointer) {
        self.context = context
        // Unhinted metrics make text widths independent of the output scale and surface type.
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_set_font_options(context, options)
        cairo_font_options_destroy(options)
    }

    func setColor(_ color: RGB) {
        cairo_set_source_rgb(context, Double(color.red) / 255, Double(color.green) / 255, Double(color.blue) / 255)
    }

    func fill(_ rect: Rect, color: RGB) {
        setColor(color)
        cairo_rectangle(context, rect.x, rect.y, rect.width, rect.height)
        cairo_fill(context)
    }

    func stroke(_ rect: Rect, color: RGB, width: Double = Style.lineWidth) {
        setColor(color)
        cairo_set_line_width(context, width)
        cairo_rectangle(context, rect.x, rect.y, rect.width, rect.height)
        cairo_stroke(context)
    }

    func line(from start: Point, to end: Point, color: RGB, width: Double = Style.lineWidth) {
        polyline([start, end], color: color, width: width)
    }

    func polyline(_ points: [Point], color: RGB, width: Double) {
        guard let first = points.first else { return }
        setColor(color)
        cairo_set_line_width(context, width)
        cairo_set_line_join(context, CAIRO_LINE_JOIN_ROUND)
        cairo_move_to(context, first.x, first.y)
        for point in points.dropFirst() { cairo_line_to(context, point.x, point.y) }
        cairo_stroke(context)
    }

    func dot(at center: Point, radius: Double, color: RGB) {
        setColor(color)
        cairo_new_sub_path(context)
        cairo_arc(context, center.x, center.y, radius, 0, 2 * Double.pi)
        cairo_fill(context)
    }

    /// Runs `body` with drawing clipped to `rect`.
    func clipped(to rect: Rect, _ body: () -> Void) {
        cairo_save(context)
        cairo_rectangle(context, rect.x, rect.y, rect.width, rect.height)
        cairo_clip(context)
        body()
        cairo_restore(context)
    }
}
