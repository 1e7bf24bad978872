import Imaging

/// The names and colors of a plot's series, boxed in the top-right corner of the data area.
struct Legend {
    let entries: [(name: String, color: RGB)]

    static let swatch = 18.0

    func draw(on canvas: Canvas, in plot: Rect) {
        let named = entries.filter { !$0.name.isEmpty }
        guard !named.isEmpty else { return }
        let lineHeight = canvas.measure("Mg", font: .tick).height + 2
        let maxText = plot.width / 2 - Legend.swatch - 16
        let widest = named.map { min(canvas.measure($0.name, font: .tick).width, maxText) }.max() ?? 0
        let box = Rect(x: plot.maxX - widest - Legend.swatch - 16 - 6, y: plot.y + 6,
                       width: widest + Legend.swatch + 16, height: Double(named.count) * lineHeight + 8)
        canvas.fill(box, color: .white)
        canvas.stroke(box, color: Style.grid)
        for (index, entry) in named.enumerated() {
            let y = box.y + 4 + (Double(index) + 0.5) * lineHeight
            canvas.line(from: Point(x: box.x + 5, y: y), to: Point(x: box.x + 5 + Legend.swatch, y: y),
                        color: entry.color, width: 2)
            canvas.text(canvas.fitting(entry.name, font: .tick, width: maxText),
                        at: Point(x: box.x + 10 + Legend.swatch, y: y), font: .tick, anchor: .left)
        }
    }
}
