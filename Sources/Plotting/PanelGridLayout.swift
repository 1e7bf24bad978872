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
