import Foundation
import JupyterKernel
import Synchronization

/// What happened to a widget on the frontend's side.
public enum WidgetEvent: Sendable, Equatable {
    /// The user changed these keys; the widget's model already holds the new values.
    case changed([String])
    /// A custom message (`method: custom`) with its buffers.
    case custom(JSONObject, [Data])
}

/// A widget the frontend shows: its comm id (the model id), its current model, and who listens to it.
/// The kernel's side of one `jupyter.widget` comm.
public final class Widget: CommHandler {
    public typealias Observer = @Sendable (WidgetEvent, any ExecutionContext) throws -> Void

    public let id: String
    /// The layout and style models this widget refers to, as `IPY_MODEL_…` references.
    let references: JSONObject
    private let manager: WidgetManager
    private let current: Mutex<WidgetModel>
    private let observers = Mutex<[Observer]>([])

    init(id: String, model: WidgetModel, references: JSONObject, manager: WidgetManager) {
        self.id = id
        self.references = references
        self.manager = manager
        current = Mutex(model)
    }

    public var model: WidgetModel { current.withLock { $0 } }

    /// How other models refer to this one (a box's children).
    public var reference: JSONValue { .string("IPY_MODEL_" + id) }

    /// The full state, as comm_open, request_state and the control channel send it.
    var state: (state: JSONObject, paths: [[String]], buffers: [Data]) {
        model.state(references: references)
    }

    /// Called on the shell thread for each event, in the order they were added.
    public func observe(_ observer: @escaping Observer) {
        observers.withLock { $0.append(observer) }
    }

    /// Changes the model and sends the frontend the keys whose values differ.
    public func update(context: any ExecutionContext, _ change: (inout WidgetModel) -> Void) {
        let (old, new) = current.withLock { model in
            let old = model
            change(&model)
            return (old, model)
        }
        let keys = new.values.keys.filter { old.values[$0] != new.values[$0] }
            + new.binary.keys.filter { old.binary[$0] != new.binary[$0] }
        guard !keys.isEmpty else { return }
        send("update", new.state(of: keys), context: context)
    }

    /// A custom message to the frontend's model.
    public func send(custom content: JSONObject, buffers: [Data] = [], context: any ExecutionContext) {
        manager.comms.send(id, data: ["method": "custom", "content": .object(content)], buffers: buffers, context: context)
    }

    public func receive(_ message: CommMessage, context: any ExecutionContext) throws {
        switch message.data["method"]?.stringValue {
        case "update":
            guard let state = message.data["state"]?.objectValue else {
                throw WidgetError.malformed("update of \(model.kind.modelName) \(id) has no state object")
            }
            let paths = message.data["buffer_paths"]?.arrayValue ?? []
            let keys: [String]
            do {
                keys = try current.withLock { model throws(WidgetError) in
                    try model.apply(state, paths: paths, buffers: message.buffers)
                }
            } catch {
                // The frontend already shows what it sent: the kernel's values of those keys put it right.
                let known = state.keys.filter { model.kind.defaults[$0] != nil && model.values[$0] != nil }
                if !known.isEmpty { send("update", model.state(of: known), context: context) }
                throw error
            }
            // Protocol 2.1: the new values go back at once, so that other views of the model follow;
            // their parent is the update, which is how the sending view knows them for its own.
            send("echo_update", model.state(of: keys), context: context)
            try notify(.changed(keys), context: context)
        case "request_state":
            send("update", state, context: context)
        case "custom":
            try notify(.custom(message.data["content"]?.objectValue ?? [:], message.buffers), context: context)
        case let method:
            throw WidgetError.malformed("unknown method \(method.map { "'\($0)'" } ?? "(none)") for \(model.kind.modelName) \(id)")
        }
    }

    public func closed(by message: CommMessage, context: any ExecutionContext) {
        manager.forget(id)
    }

    private func notify(_ event: WidgetEvent, context: any ExecutionContext) throws {
        for observer in observers.withLock({ $0 }) { try observer(event, context) }
    }

    private func send(_ method: String, _ state: (state: JSONObject, paths: [[String]], buffers: [Data]),
                      context: any ExecutionContext) {
        manager.comms.send(id, data: ["method": .string(method), "state": .object(state.state),
                                      "buffer_paths": .array(state.paths.map { .array($0.map { .string($0) }) })],
                           buffers: state.buffers, context: context)
    }
}
