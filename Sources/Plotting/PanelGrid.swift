import Imaging

/// Rows × columns of pictures with titles, row and column labels, per-panel or shared colorbars
/// and a suptitle: a methods × images comparison. The layout sizes itself from the panels.
public struct PanelGrid: Figure, Equatable {
    public var rows: [[Panel]]
    public var rowLabels: [String]
    public var columnLabels: [String]
    public var suptitle: String?
    /// One colorbar for the whole grid, right of it (panels may also carry their own).
    public var sharedColorbar: Colorbar?
    /// The side of the square box each picture is fitted into, in points; nil uses the largest
    /// picture's size, capped to 256 pt.
    public var panelSize: Double?

    public init(rows: [[Panel]], rowLabels: [String] = [], columnLabels: [String] = [],
                suptitle: String? = nil, sharedColorbar: Colorbar? = nil, panelSize: Double? = nil) {
        self.rows = rows
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.suptitle = suptitle
        self.sharedColorbar = sharedColorbar
        self.panelSize = panelSize
    }

    public func size(on canvas: Canvas) -> Size { PanelGridLayout(self, canvas: canvas).size }

    public func draw(on canvas: Canvas) {
        let layout = PanelGridLayout(self, canvas: canvas)
        if let suptitle {
            canvas.text(canvas.fitting(suptitle, font: .suptitle, width: layout.size.width - 2 * Style.margin),
                        at: Point(x: layout.size.width / 2, y: Style.margin), font: .suptitle, anchor: .top)
        }
        for (column, label) in columnLabels.enumerated() where column < layout.columnCount {
            let cell = layout.cell(row: 0, column: column)
            canvas.text(canvas.fitting(label, font: .heading, width: layout.boxSide),
                        at: Point(x: cell.x + layout.boxSide / 2, y: layout.columnLabelTop), font: .heading, anchor: .top)
        }
        for (row, label) in rowLabels.enumerated() where row < rows.count {
            let box = layout.pictureBox(row: row, column: 0)
            canvas.text(canvas.fitting(label, font: .heading, width: layout.boxSide),
                        at: Point(x: Style.margin + layout.rowLabelWidth / 2, y: box.midY),
                        font: .heading, anchor: .center, vertical: true)
        }
        for (row, panels) in rows.enumerated() {
            for (column, panel) in panels.enumerated() {
                drawPanel(panel, on: canvas, layout: layout, row: row, column: column)
            }
        }
        if let sharedColorbar {
            sharedColorbar.draw(on: canvas, in: layout.sharedColorbarRect)
        }
    }

    private func drawPanel(_ panel: Panel, on canvas: Canvas, layout: PanelGridLayout, row: Int, column: Int) {
        let box = layout.pictureBox(row: row, column: column)
        if let title = panel.title {
            canvas.text(canvas.fitting(title, font: .title, width: layout.boxSide),
                        at: Point(x: box.midX, y: box.y - Style.textGap), font: .title, anchor: .bottom)
        }
        panel.drawPicture(on: canvas, in: box)
        if let colorbar = panel.colorbar {
            let picture = panel.imageRect(in: box)
            colorbar.draw(on: canvas, in: Rect(x: box.maxX + Style.gap, y: picture.y,
                                               width: colorbar.width(on: canvas), height: picture.height))
        }
    }
}
