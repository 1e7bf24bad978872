import Foundation
import JupyterKernel
import Synchronization

/// The widgets of a session, over its comms: opens them with their Layout and Style models, answers a
/// frontend's `jupyter.widget` and `jupyter.widget.control` comms, and hands out the display of any of them.
/// ipywidgets 8's kernel side, protocol 2.1 (`packages/schema/messages.md`).
public final class WidgetManager: Sendable {
    public static let target = "jupyter.widget"
    public static let controlTarget = "jupyter.widget.control"
    public static let protocolVersion = "2.1.0"
    public static let controlProtocolVersion = "1.0.0"
    public static let viewMimeType = "application/vnd.jupyter.widget-view+json"

    public let comms: CommManager
    private let widgets = Mutex<[String: Widget]>([:])

    public init(comms: CommManager) {
        self.comms = comms
        comms.register(target: Self.target) { [unowned self] opening, _ in try adopt(opening) }
        comms.register(target: Self.controlTarget) { [unowned self] opening, _ in
            try Self.requireMajor(of: Self.controlProtocolVersion, in: opening)
            return WidgetControl(manager: self)
        }
    }

    /// Opens the widget (its Layout and Style first) and returns it; `display` shows it.
    public func open(_ model: WidgetModel, context: any ExecutionContext) -> Widget {
        var references: JSONObject = [:]
        if model.kind.hasLayout { references["layout"] = open(WidgetModel(.layout, model.layout), context: context).reference }
        if let style = model.kind.style { references["style"] = open(WidgetModel(style, model.style), context: context).reference }
        let widget = Widget(id: Self.newID(), model: model, references: references, manager: self)
        widgets.withLock { $0[widget.id] = widget }
        let (state, paths, buffers) = widget.state
        comms.open(target: Self.target, data: ["state": .object(state), "buffer_paths": Self.json(paths)],
                   metadata: ["version": .string(Self.protocolVersion)], buffers: buffers, handler: widget, context: context,
                   commID: widget.id)
        return widget
    }

    /// The display of a widget: the view for frontends with widgets, and `fallback` (a PNG of what it
    /// shows, its text) for nbconvert, GitHub and frontends without them.
    public func display(_ widget: Widget, fallback: MimeBundle) -> MimeBundle {
        var bundle = fallback
        bundle.data[Self.viewMimeType] = ["model_id": .string(widget.id), "version_major": 2, "version_minor": 0]
        return bundle
    }

    /// Closes the widget's comm; its views disappear.
    public func close(_ widget: Widget, context: any ExecutionContext) {
        forget(widget.id)
        comms.close(widget.id, context: context)
    }

    public func widget(_ id: String) -> Widget? {
        widgets.withLock { $0[id] }
    }

    public var count: Int { widgets.withLock { $0.count } }

    func forget(_ id: String) {
        _ = widgets.withLock { $0.removeValue(forKey: id) }
    }

    /// Every open widget's state, as `update_states` sends it to a reloaded page: states by model id,
    /// buffer paths from the top (`[model id, "state", key]`) and the buffers in that order.
    func allStates() -> (states: JSONObject, paths: [[String]], buffers: [Data]) {
        var states: JSONObject = [:]
        var paths: [[String]] = []
        var buffers: [Data] = []
        for widget in widgets.withLock({ Array($0.values) }).sorted(by: { $0.id < $1.id }) {
            let (state, ownPaths, ownBuffers) = widget.state
            let kind = widget.model.kind
            states[widget.id] = ["model_name": .string(kind.modelName), "model_module": .string(kind.modelModule),
                                 "model_module_version": .string(kind.modelModuleVersion), "state": .object(state)]
            paths += ownPaths.map { [widget.id, "state"] + $0 }
            buffers += ownBuffers
        }
        return (states, paths, buffers)
    }

    /// A frontend opened a widget of its own: it is kept like ours when its model is one this kernel
    /// knows, and refused (its comm closed) otherwise.
    private func adopt(_ opening: CommMessage) throws -> Widget {
        try Self.requireMajor(of: Self.protocolVersion, in: opening)
        guard let state = opening.data["state"]?.objectValue else { throw WidgetError.malformed("comm_open without a state") }
        guard let kind = WidgetKind.all.first(where: {
            $0.modelName == state["_model_name"]?.stringValue && $0.modelModule == state["_model_module"]?.stringValue
        }) else {
            throw WidgetError.malformed("no widget model \(state["_model_module"]?.encodedText ?? "?")/\(state["_model_name"]?.encodedText ?? "?") here")
        }
        var model = WidgetModel(kind)
        let references = state.filter { $0.key == "layout" || $0.key == "style" }
        let own = state.filter { !kind.identity.keys.contains($0.key) && references[$0.key] == nil }
        _ = try model.apply(own, paths: opening.data["buffer_paths"]?.arrayValue ?? [], buffers: opening.buffers)
        let widget = Widget(id: opening.commID, model: model, references: references, manager: self)
        widgets.withLock { $0[widget.id] = widget }
        return widget
    }

    /// A comm_open whose protocol version has another major number than ours is refused, as ipywidgets does.
    private static func requireMajor(of version: String, in opening: CommMessage) throws {
        let theirs = opening.metadata["version"]?.stringValue ?? ""
        guard theirs.split(separator: ".").first == version.split(separator: ".").first else {
            throw WidgetError.malformed("\(opening.targetName ?? "") protocol version '\(theirs)', expected \(version)")
        }
    }

    static func json(_ paths: [[String]]) -> JSONValue {
        .array(paths.map { .array($0.map { .string($0) }) })
    }

    private static func newID() -> String {
        UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    }
}

/// The `jupyter.widget.control` comm a page opens when it (re)connects: one `request_states` is answered
/// with the state of every widget, so that views come back after a reload.
struct WidgetControl: CommHandler {
    let manager: WidgetManager

    func receive(_ message: CommMessage, context: any ExecutionContext) throws {
        guard message.data["method"]?.stringValue == "request_states" else {
            throw WidgetError.malformed("unknown method \(message.data["method"]?.encodedText ?? "(none)") on the widget control channel")
        }
        let (states, paths, buffers) = manager.allStates()
        manager.comms.send(message.commID, data: ["method": "update_states", "states": .object(states),
                                                  "buffer_paths": WidgetManager.json(paths)],
                           buffers: buffers, context: context)
    }
}
