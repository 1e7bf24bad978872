import JupyterKernel

/// What a widget model is to the frontend: the JavaScript model and view classes that draw it, and the
/// synced keys with ipywidgets 8's defaults (`jupyterwidgetmodels.latest.md`). Kinds are immutable and
/// shared; a widget's current values live in its `WidgetModel`.
public final class WidgetKind: Sendable {
    public static let controls = "@jupyter-widgets/controls"
    public static let base = "@jupyter-widgets/base"
    public static let output = "@jupyter-widgets/output"

    public let modelName: String
    public let modelModule: String
    public let modelModuleVersion: String
    public let viewName: String
    public let viewModule: String
    public let viewModuleVersion: String
    /// Every synced key but the identity keys and the `layout`/`style` references, with its default.
    public let defaults: JSONObject
    /// Keys whose values are whole numbers (a slider's bounds); an update with a fraction is refused.
    public let integerKeys: Set<String>
    /// Keys whose values are bytes (an Image's PNG), sent as binary buffers rather than JSON.
    public let binaryKeys: Set<String>
    /// Whether the model refers to a Layout model (every DOM widget does).
    public let hasLayout: Bool
    /// The style model the `style` key refers to, for the widgets that have one.
    public let style: WidgetKind?

    init(model: String, module: String = WidgetKind.controls, version: String = "2.0.0", view: String,
         viewModule: String? = nil, viewVersion: String? = nil, defaults: JSONObject, integerKeys: Set<String> = [],
         binaryKeys: Set<String> = [], hasLayout: Bool = true, style: WidgetKind? = nil) {
        modelName = model
        modelModule = module
        modelModuleVersion = version
        viewName = view
        self.viewModule = viewModule ?? module
        viewModuleVersion = viewVersion ?? version
        self.defaults = defaults
        self.integerKeys = integerKeys
        self.binaryKeys = binaryKeys
        self.hasLayout = hasLayout
        self.style = style
    }

    /// The keys that say which classes the frontend instantiates; fixed for the widget's life.
    var identity: JSONObject {
        ["_model_name": .string(modelName), "_model_module": .string(modelModule),
         "_model_module_version": .string(modelModuleVersion), "_view_name": .string(viewName),
         "_view_module": .string(viewModule), "_view_module_version": .string(viewModuleVersion), "_view_count": nil]
    }
}
