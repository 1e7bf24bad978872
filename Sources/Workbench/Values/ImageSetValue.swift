import JupyterKernel
import Plotting

/// The pictures of a folder, in file-name order, each prepared for the model as `%image load`
/// prepares one. `%compare` takes them all; commands about one image take a set of one.
public struct ImageSetValue: WorkspaceValue {
    public var images: [ImageValue]
    /// The most images one set takes (a folder, `%data --count`): a set lives in memory, prepared for the model.
    public static let maximumCount = 256
    /// The folder they came from.
    public var source: String

    public var kind: String { "images" }

    public var summary: String {
        let shape = images.first.map { $0.tensor.shape.dropFirst().map(String.init).joined(separator: "×") } ?? ""
        return "\(images.count) images \(shape) from \(source)"
    }

    public var provenance: JSONObject {
        ["images": .array(images.map { .object($0.provenance) }), "folder": .string(source),
         "version": .string(WorkbenchInterpreter.version)]
    }

    /// The pictures side by side, eight to a row, titled by file name.
    public func figure() throws -> PanelGrid {
        let panels = try images.map { Panel(image: try $0.picture(), title: $0.source) }
        let rows = stride(from: 0, to: panels.count, by: 8).map { Array(panels[$0..<min($0 + 8, panels.count)]) }
        return PanelGrid(rows: rows, suptitle: summary, panelSize: 112)
    }

    public var display: MimeBundle {
        do {
            return try figure().bundle(plain: "<\(summary)>", provenance: provenance)
        } catch {
            return .text("<\(summary): cannot be shown: \(error)>")
        }
    }
}
