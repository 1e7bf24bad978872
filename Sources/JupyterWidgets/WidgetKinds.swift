import JupyterKernel

/// The models of ipywidgets 8 this kernel speaks, with their defaults as ipywidgets itself reports them
/// (`Tests/JupyterWidgetsTests/Fixtures/ipywidgets-defaults.json`, written by tools/make_widget_fixtures.py).
extension WidgetKind {
    /// Keys every DOM widget of the controls module has.
    private static let domWidget: JSONObject = ["_dom_classes": [], "tabbable": nil, "tooltip": nil]
    /// …and those that have a description label.
    private static let described: JSONObject = domWidget.merging(["description": "", "description_allow_html": false]) { $1 }

    private static func style(_ name: String, _ defaults: JSONObject) -> WidgetKind {
        WidgetKind(model: name, view: "StyleView", viewModule: base, defaults: ["description_width": ""].merging(defaults) { $1 },
                   hasLayout: false)
    }

    public static let layout = WidgetKind(
        model: "LayoutModel", module: base, view: "LayoutView",
        defaults: JSONObject(uniqueKeysWithValues: [
            "align_content", "align_items", "align_self", "border_bottom", "border_left", "border_right", "border_top",
            "bottom", "display", "flex", "flex_flow", "grid_area", "grid_auto_columns", "grid_auto_flow",
            "grid_auto_rows", "grid_column", "grid_gap", "grid_row", "grid_template_areas", "grid_template_columns",
            "grid_template_rows", "height", "justify_content", "justify_items", "left", "margin", "max_height",
            "max_width", "min_height", "min_width", "object_fit", "object_position", "order", "overflow", "padding",
            "right", "top", "visibility", "width",
        ].map { ($0, JSONValue.null) }),
        hasLayout: false)

    public static let sliderStyle = style("SliderStyleModel", ["handle_color": nil])
    public static let descriptionStyle = style("DescriptionStyleModel", [:])
    public static let toggleButtonsStyle = style("ToggleButtonsStyleModel", ["button_width": "", "font_weight": ""])
    public static let checkboxStyle = style("CheckboxStyleModel", ["background": nil])
    public static let htmlStyle = style("HTMLStyleModel", ["background": nil, "font_size": nil, "text_color": nil])

    private static let slider: JSONObject = described.merging([
        "behavior": "drag-tap", "continuous_update": true, "disabled": false, "orientation": "horizontal", "readout": true,
    ]) { $1 }

    public static let intSlider = WidgetKind(
        model: "IntSliderModel", view: "IntSliderView",
        defaults: slider.merging(["max": 100, "min": 0, "readout_format": "d", "step": 1, "value": 0]) { $1 },
        integerKeys: ["max", "min", "step", "value"], style: sliderStyle)

    public static let floatSlider = WidgetKind(
        model: "FloatSliderModel", view: "FloatSliderView",
        defaults: slider.merging(["max": 100.0, "min": 0.0, "readout_format": ".2f", "step": 0.1, "value": 0.0]) { $1 },
        style: sliderStyle)

    public static let dropdown = WidgetKind(
        model: "DropdownModel", view: "DropdownView",
        defaults: described.merging(["_options_labels": [], "disabled": false, "index": nil]) { $1 },
        integerKeys: ["index"], style: descriptionStyle)

    public static let toggleButtons = WidgetKind(
        model: "ToggleButtonsModel", view: "ToggleButtonsView",
        defaults: described.merging(["_options_labels": [], "button_style": "", "disabled": false, "icons": [], "index": nil,
                                     "tooltips": []]) { $1 },
        integerKeys: ["index"], style: toggleButtonsStyle)

    public static let checkbox = WidgetKind(
        model: "CheckboxModel", view: "CheckboxView",
        defaults: described.merging(["disabled": false, "indent": true, "value": false]) { $1 }, style: checkboxStyle)

    public static let image = WidgetKind(
        model: "ImageModel", view: "ImageView", defaults: domWidget.merging(["format": "png", "height": "", "width": ""]) { $1 },
        binaryKeys: ["value"])

    public static let html = WidgetKind(
        model: "HTMLModel", view: "HTMLView",
        defaults: described.merging(["placeholder": "\u{200B}", "value": ""]) { $1 }, style: htmlStyle)

    public static let play = WidgetKind(
        model: "PlayModel", view: "PlayView",
        defaults: described.merging(["disabled": false, "interval": 100, "max": 100, "min": 0, "playing": false, "repeat": false,
                                     "show_repeat": true, "step": 1, "value": 0]) { $1 },
        integerKeys: ["interval", "max", "min", "step", "value"], style: descriptionStyle)

    public static let hBox = WidgetKind(model: "HBoxModel", view: "HBoxView",
                                        defaults: domWidget.merging(["box_style": "", "children": []]) { $1 })
    public static let vBox = WidgetKind(model: "VBoxModel", view: "VBoxView",
                                        defaults: domWidget.merging(["box_style": "", "children": []]) { $1 })

    public static let outputArea = WidgetKind(
        model: "OutputModel", module: output, version: "1.0.0", view: "OutputView",
        defaults: ["_dom_classes": [], "msg_id": "", "outputs": [], "tabbable": nil, "tooltip": nil])

    /// Every kind, for a frontend that opens a widget of its own by model name.
    public static let all: [WidgetKind] = [
        layout, sliderStyle, descriptionStyle, toggleButtonsStyle, checkboxStyle, htmlStyle, intSlider, floatSlider, dropdown,
        toggleButtons, checkbox, image, html, play, hBox, vBox, outputArea,
    ]
}
