import Foundation
import JupyterKernel

/// The widgets by name, as values: `WidgetModel.intSlider(value: 3, in: 1...10, description: "steps")`.
extension WidgetModel {
    public static func intSlider(value: Int, in range: ClosedRange<Int>, step: Int = 1, description: String = "") -> WidgetModel {
        WidgetModel(.intSlider, ["value": JSONValue(value), "min": JSONValue(range.lowerBound), "max": JSONValue(range.upperBound),
                                 "step": JSONValue(step), "description": .string(description)])
    }

    public static func floatSlider(value: Double, in range: ClosedRange<Double>, step: Double, description: String = "",
                                   readoutFormat: String = ".2f") -> WidgetModel {
        WidgetModel(.floatSlider, ["value": .number(value), "min": .number(range.lowerBound), "max": .number(range.upperBound),
                                   "step": .number(step), "description": .string(description),
                                   "readout_format": .string(readoutFormat)])
    }

    /// A drop-down list of `options` (their labels), `index` chosen.
    public static func dropdown(_ options: [String], index: Int, description: String = "") -> WidgetModel {
        WidgetModel(.dropdown, ["_options_labels": .array(options.map { .string($0) }), "index": JSONValue(index),
                                "description": .string(description)])
    }

    public static func toggleButtons(_ options: [String], index: Int, description: String = "", tooltips: [String] = []) -> WidgetModel {
        WidgetModel(.toggleButtons, ["_options_labels": .array(options.map { .string($0) }), "index": JSONValue(index),
                                     "description": .string(description), "tooltips": .array(tooltips.map { .string($0) })])
    }

    public static func checkbox(_ value: Bool, description: String = "") -> WidgetModel {
        WidgetModel(.checkbox, ["value": .bool(value), "description": .string(description), "indent": false])
    }

    /// A picture from its encoded bytes, sent as a binary buffer.
    public static func image(_ encoded: Data, format: String = "png", width: Int? = nil) -> WidgetModel {
        var model = WidgetModel(.image, ["format": .string(format), "width": .string(width.map(String.init) ?? "")])
        model.binary["value"] = encoded
        return model
    }

    public static func html(_ html: String, description: String = "") -> WidgetModel {
        WidgetModel(.html, ["value": .string(html), "description": .string(description)])
    }

    /// A play button that steps `value` through `range`, one step every `interval` milliseconds.
    public static func play(value: Int, in range: ClosedRange<Int>, interval: Int = 1000, description: String = "") -> WidgetModel {
        WidgetModel(.play, ["value": JSONValue(value), "min": JSONValue(range.lowerBound), "max": JSONValue(range.upperBound),
                            "interval": JSONValue(interval), "description": .string(description)])
    }

    public static func hBox(_ children: [Widget]) -> WidgetModel {
        WidgetModel(.hBox, ["children": .array(children.map(\.reference))])
    }

    public static func vBox(_ children: [Widget]) -> WidgetModel {
        WidgetModel(.vBox, ["children": .array(children.map(\.reference))])
    }

    /// An output area the kernel fills itself (`outputs` holds nbformat outputs), as ipywidgets'
    /// `Output.append_stdout` does.
    public static func output(_ outputs: [JSONValue] = []) -> WidgetModel {
        WidgetModel(.outputArea, ["outputs": .array(outputs)])
    }

    /// The same model with these Layout properties (CSS: `width`, `border_top`, …).
    public func with(layout: JSONObject) -> WidgetModel {
        var model = self
        model.layout.merge(layout) { $1 }
        return model
    }

    /// The same model with these Style properties (`description_width`, …).
    public func with(style: JSONObject) -> WidgetModel {
        var model = self
        model.style.merge(style) { $1 }
        return model
    }
}

/// Typed readings of the values the user changes.
extension WidgetModel {
    public var intValue: Int? { values["value"]?.intValue }
    public var doubleValue: Double? {
        if case .number(let number) = values["value"] { return number }
        return nil
    }
    public var boolValue: Bool? { values["value"]?.boolValue }
    /// The chosen option of a dropdown or toggle buttons.
    public var index: Int? { values["index"]?.intValue }
    public var selectedLabel: String? {
        guard let index, let labels = values["_options_labels"]?.arrayValue, labels.indices.contains(index) else { return nil }
        return labels[index].stringValue
    }
}
