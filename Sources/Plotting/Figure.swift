/// Something that draws itself on a `Canvas`: a panel grid, a line plot, a bar chart. The same
/// drawing code serves PNG and SVG output (see `png(scale:)` and `svg()`).
public protocol Figure: Sendable {
    /// The figure's size in points, measured with the canvas's fonts.
    func size(on canvas: Canvas) -> Size
    /// Draws the figure with its top-left corner at the origin.
    func draw(on canvas: Canvas)
}
