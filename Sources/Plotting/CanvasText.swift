import CCairo
import Imaging

/// Where a text's anchor point sits on the text.
struct TextAnchor: Sendable, Equatable {
    enum Horizontal { case left, center, right }
    enum Vertical { case top, middle, bottom }
    var horizontal: Horizontal
    var vertical: Vertical

    static let top = TextAnchor(horizontal: .center, vertical: .top)
    static let center = TextAnchor(horizontal: .center, vertical: .middle)
    static let left = TextAnchor(horizontal: .left, vertical: .middle)
    static let right = TextAnchor(horizontal: .right, vertical: .middle)
    static let bottom = TextAnchor(horizontal: .center, vertical: .bottom)
}

extension Canvas {
    private func select(_ font: Font) {
        cairo_select_font_face(context, Font.family, CAIRO_FONT_SLANT_NORMAL,
                               font.bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(context, font.size)
    }

    /// The advance width of `text` and the font's line height (ascent + descent).
    func measure(_ text: String, font: Font) -> Size {
        select(font)
        var extents = cairo_text_extents_t()
        cairo_text_extents(context, text, &extents)
        var fontExtents = cairo_font_extents_t()
        cairo_font_extents(context, &fontExtents)
        return Size(width: extents.x_advance, height: fontExtents.ascent + fontExtents.descent)
    }

    /// `text` shortened with an ellipsis so that it fits `width`.
    func fitting(_ text: String, font: Font, width: Double) -> String {
        guard measure(text, font: font).width > width else { return text }
        var characters = Array(text)
        while !characters.isEmpty, measure(String(characters) + "…", font: font).width > width {
            characters.removeLast()
        }
        return String(characters) + "…"
    }

    /// Draws `text` with `anchor` at `point`, turned a quarter counter-clockwise when `vertical`
    /// (for y-axis and row labels).
    func text(_ text: String, at point: Point, font: Font, color: RGB = Style.ink,
              anchor: TextAnchor, vertical: Bool = false) {
        guard !text.isEmpty else { return }
        select(font)
        var fontExtents = cairo_font_extents_t()
        cairo_font_extents(context, &fontExtents)
        let width = measure(text, font: font).width
        let dx: Double = switch anchor.horizontal {
        case .left: 0
        case .center: -width / 2
        case .right: -width
        }
        let dy: Double = switch anchor.vertical {
        case .top: fontExtents.ascent
        case .middle: (fontExtents.ascent - fontExtents.descent) / 2
        case .bottom: -fontExtents.descent
        }
        cairo_save(context)
        cairo_translate(context, point.x, point.y)
        if vertical { cairo_rotate(context, -Double.pi / 2) }
        setColor(color)
        cairo_move_to(context, dx, dy)
        cairo_show_text(context, text)
        cairo_restore(context)
    }
}
