import JupyterKernel
import JupyterWidgets

/// An explorer kept in the workspace: `e = %explore img`. It shows its panel again when named, and
/// `%save e out.png` writes what the panel shows now (the map or figure, with its provenance).
struct ExplorerValue: WorkspaceValue {
    let title: String
    let panel: ExplorerPanel
    let root: Widget

    var kind: String { "explorer" }
    var summary: String { "\(title): \(panel.shown.plain)" }
    var display: MimeBundle { panel.display(root) }
    /// What the panel shows now, as a value `%save` knows.
    var current: any WorkspaceValue { panel.shown.value }
}
