import JupyterKernel
import Plotting

/// A figure a command drew (a comparison grid, a curve, a chart) with the numbers behind it, so
/// that `%save` can write the picture or the data.
public struct FigureValue: WorkspaceValue {
    public var figure: any Figure
    public var title: String
    /// The numbers the figure shows, for `%save … .json` and the `application/json` output.
    public var data: JSONObject
    public var provenance: JSONObject
    /// Plots also go out as SVG; grids of pictures only as PNG.
    public var isPlot: Bool

    public init(figure: any Figure, title: String, data: JSONObject = [:], provenance: JSONObject, isPlot: Bool) {
        self.figure = figure
        self.title = title
        self.data = data
        self.provenance = provenance
        self.isPlot = isPlot
    }

    public var kind: String { "figure" }
    public var summary: String { title }

    public var display: MimeBundle {
        do {
            var bundle = try figure.bundle(plain: "<figure \(title)>", provenance: provenance, vector: isPlot)
            if !data.isEmpty { bundle.data["application/json"] = .object(data) }
            return bundle
        } catch {
            return .text("<figure \(title): cannot be drawn: \(error)>")
        }
    }
}
