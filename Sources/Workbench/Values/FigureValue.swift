import JupyterKernel
import Plotting
import Tensor

/// A figure a command drew (a comparison grid, a curve, a chart) with the numbers behind it, so
/// that `%save` can write the picture or the data.
public struct FigureValue: WorkspaceValue {
    public var figure: any Figure
    public var title: String
    /// The numbers the figure shows, for `%save … .json` and the `dataMimeType` output.
    public var data: JSONObject
    public var provenance: JSONObject
    /// Plots also go out as SVG; grids of pictures only as PNG.
    public var isPlot: Bool
    /// The array the figure pictures (an input-agnostic perturbation, the maps of a scan) or the numbers
    /// it plots (scores, curves, similarities), for `%save … .npy`.
    public var array: Tensor?

    public init(figure: any Figure, title: String, data: JSONObject = [:], provenance: JSONObject, isPlot: Bool, array: Tensor? = nil) {
        self.figure = figure
        self.title = title
        self.data = data
        self.provenance = provenance
        self.isPlot = isPlot
        self.array = array
    }

    /// Where the numbers go in a display bundle, for clients that read them. Not `application/json`:
    /// JupyterLab ranks its JSON tree viewer above pictures and would show the numbers instead of
    /// the chart; a type nothing renders leaves the picture on screen.
    public static let dataMimeType = "application/vnd.saliency-workbench.figure-data+json"

    /// Rows of numbers as a rows × columns Float32 array; nil when the rows differ in length.
    static func matrix(_ rows: [[Double]]) -> Tensor? {
        guard let width = rows.first?.count, width > 0, rows.allSatisfy({ $0.count == width }) else { return nil }
        return try? Tensor(shape: [rows.count, width], scalars: rows.flatMap { $0.map(Float.init) })
    }

    public var kind: String { "figure" }
    public var summary: String { title }

    public var display: MimeBundle {
        do {
            var bundle = try figure.bundle(plain: "<figure \(title)>", provenance: provenance, vector: isPlot)
            if !data.isEmpty { bundle.data[Self.dataMimeType] = .object(data) }
            return bundle
        } catch {
            return .text("<figure \(title): cannot be drawn: \(error)>")
        }
    }
}
