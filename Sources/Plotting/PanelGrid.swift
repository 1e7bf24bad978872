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

/// Where everything of a `PanelGrid` goes, computed from its content and the fonts.
struct PanelGridLayout {
    let columnCount: Int
    let boxSide: Double
    /// Each column's width: the picture box, plus room for colorbars if a panel in it has one.
    let columnWidths: [Double]
    let cellHeight: Double
    let titleHeight: Double
    let rowLabelWidth: Double
    let columnLabelTop: Double
    let gridTop: Double
    let gridLeft: Double
    let sharedColorbarRect: Rect
    let size: Size

    init(_ grid: PanelGrid, canvas: Canvas) {
        let panels = grid.rows.flatMap { $0 }
        columnCount = max(grid.rows.map(\.count).max() ?? 0, grid.columnLabels.count, 1)
        let rowCount = max(grid.rows.count, 1)
        let largest = panels.compactMap { $0.image.map { Double(max($0.width, $0.height)) } }.max() ?? 128
        boxSide = max(grid.panelSize ?? min(largest, 256), 16)
        columnWidths = (0..<columnCount).map { [boxSide] column in
            let colorbars = grid.rows.compactMap { column < $0.count ? $0[column].colorbar?.width(on: canvas) : nil }
            return boxSide + (colorbars.max().map { $0 + Style.gap } ?? 0)
        }
        titleHeight = panels.contains { $0.title != nil }
            ? canvas.measure("Mg", font: .title).height + Style.textGap : 0
        cellHeight = titleHeight + boxSide
        rowLabelWidth = grid.rowLabels.isEmpty ? 0 : canvas.measure("Mg", font: .heading).height + Style.gap
        let suptitleHeight = grid.suptitle.map { _ in canvas.measure("Mg", font: .suptitle).height + Style.gap } ?? 0
        columnLabelTop = Style.margin + suptitleHeight
        let columnLabelHeight = grid.columnLabels.isEmpty ? 0 : canvas.measure("Mg", font: .heading).height + Style.gap
        gridTop = columnLabelTop + columnLabelHeight
        gridLeft = Style.margin + rowLabelWidth
        let gridWidth = columnWidths.reduce(0, +) + Double(columnCount - 1) * Style.gap
        let gridHeight = Double(rowCount) * cellHeight + Double(rowCount - 1) * Style.gap
        let sharedWidth = grid.sharedColorbar.map { $0.width(on: canvas) + 2 * Style.gap } ?? 0
        sharedColorbarRect = Rect(x: gridLeft + gridWidth + 2 * Style.gap, y: gridTop + titleHeight,
                                  width: sharedWidth, height: gridHeight - titleHeight)
        size = Size(width: gridLeft + gridWidth + sharedWidth + Style.margin,
                    height: gridTop + gridHeight + Style.margin)
    }

    func cell(row: Int, column: Int) -> Rect {
        Rect(x: gridLeft + columnWidths[..<column].reduce(0, +) + Double(column) * Style.gap,
             y: gridTop + Double(row) * (cellHeight + Style.gap), width: columnWidths[column], height: cellHeight)
    }

    /// The square the picture of a cell is fitted into, below its title.
    func pictureBox(row: Int, column: Int) -> Rect {
        let cell = cell(row: row, column: column)
        return Rect(x: cell.x, y: cell.y + titleHeight, width: boxSide, height: boxSide)
    }
}
