import Foundation

/// HOG features (Dalal & Triggs 2005) as scikit-image's `hog` computes them: central-difference
/// gradients, hard orientation binning over 0–180°, cells tiled from the top-left corner, blocks of
/// cells normalised by L2-Hys. The sanity checks compare maps by the correlation of these features.
public struct HistogramOfOrientedGradients: Sendable {
    public var orientations = 9
    public var pixelsPerCell = 16
    public var cellsPerBlock = 3

    public init(orientations: Int = 9, pixelsPerCell: Int = 16, cellsPerBlock: Int = 3) {
        self.orientations = orientations
        self.pixelsPerCell = pixelsPerCell
        self.cellsPerBlock = cellsPerBlock
    }

    public func features(of map: SpatialMap) throws -> [Double] {
        let cellRows = map.height / pixelsPerCell, cellColumns = map.width / pixelsPerCell
        guard cellRows >= cellsPerBlock, cellColumns >= cellsPerBlock else {
            throw EvaluationError.invalidArgument(
                "HOG with \(pixelsPerCell)-pixel cells in \(cellsPerBlock)×\(cellsPerBlock) blocks needs maps of at least "
                + "\(pixelsPerCell * cellsPerBlock)×\(pixelsPerCell * cellsPerBlock), got \(map.height)×\(map.width)")
        }
        let histograms = cellHistograms(of: map, rows: cellRows, columns: cellColumns)
        var features: [Double] = []
        for blockRow in 0...(cellRows - cellsPerBlock) {
            for blockColumn in 0...(cellColumns - cellsPerBlock) {
                var block: [Double] = []
                for row in blockRow..<(blockRow + cellsPerBlock) {
                    for column in blockColumn..<(blockColumn + cellsPerBlock) {
                        block += histograms[row * cellColumns + column]
                    }
                }
                features += Self.normalizeL2Hys(block)
            }
        }
        return features
    }

    /// Pearson correlation of the HOG features of two maps.
    public func similarity(_ a: SpatialMap, _ b: SpatialMap) throws -> Double {
        try Correlation.pearson(features(of: a), features(of: b))
    }

    /// Per cell, the gradient magnitude summed in each orientation bin, divided by the cell's area.
    private func cellHistograms(of map: SpatialMap, rows: Int, columns: Int) -> [[Double]] {
        let binWidth = 180 / Double(orientations)
        var histograms = [[Double]](repeating: [Double](repeating: 0, count: orientations), count: rows * columns)
        for y in 0..<(rows * pixelsPerCell) {
            for x in 0..<(columns * pixelsPerCell) {
                let gradientRow = (y == 0 || y == map.height - 1) ? 0
                    : map.value(row: y + 1, column: x) - map.value(row: y - 1, column: x)
                let gradientColumn = (x == 0 || x == map.width - 1) ? 0
                    : map.value(row: y, column: x + 1) - map.value(row: y, column: x - 1)
                let magnitude = (gradientRow * gradientRow + gradientColumn * gradientColumn).squareRoot()
                guard magnitude > 0 else { continue }
                var angle = atan2(gradientRow, gradientColumn) * 180 / .pi
                angle = angle.truncatingRemainder(dividingBy: 180)
                if angle < 0 { angle += 180 }
                let bin = min(orientations - 1, Int(angle / binWidth))
                histograms[(y / pixelsPerCell) * columns + x / pixelsPerCell][bin] += magnitude
            }
        }
        let area = Double(pixelsPerCell * pixelsPerCell)
        return histograms.map { $0.map { $0 / area } }
    }

    static func normalizeL2Hys(_ block: [Double], epsilon: Double = 1e-5) -> [Double] {
        let norm = (block.reduce(0) { $0 + $1 * $1 } + epsilon * epsilon).squareRoot()
        let clipped = block.map { min($0 / norm, 0.2) }
        let renorm = (clipped.reduce(0) { $0 + $1 * $1 } + epsilon * epsilon).squareRoot()
        return clipped.map { $0 / renorm }
    }
}
