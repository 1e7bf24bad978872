import Foundation
import JupyterKernel

/// A widget's state as a value: its kind and the current value of every synced key. Changing a copy
/// changes nothing on screen; `Widget.update` sends what changed.
public struct WidgetModel: Sendable {
    public let kind: WidgetKind
    /// Every synced key of the kind (defaults filled in) but the identity keys and the binary ones.
    public private(set) var values: JSONObject
    /// The binary keys' bytes (an Image's PNG).
    public var binary: [String: Data] = [:]
    /// CSS properties of the widget's Layout model (`width`, `border_top`…), set when it opens.
    public var layout: JSONObject = [:]
    /// Properties of its Style model (`description_width`…), set when it opens.
    public var style: JSONObject = [:]

    public init(_ kind: WidgetKind, _ values: JSONObject = [:]) {
        self.kind = kind
        self.values = kind.defaults.merging(values) { $1 }
    }

    public subscript(key: String) -> JSONValue? {
        get { values[key] }
        set { values[key] = newValue }
    }

    /// The whole synced state as the frontend reads it, with `references` (layout, style) added, the
    /// binary values split off as buffers at their paths.
    public func state(references: JSONObject) -> (state: JSONObject, paths: [[String]], buffers: [Data]) {
        let state = kind.identity.merging(values) { $1 }.merging(references) { $1 }
        let binaryKeys = binary.keys.sorted()
        return (state, binaryKeys.map { [$0] }, binaryKeys.map { binary[$0]! })
    }

    /// The keys of `state` with their current values (after an update was applied): what an echo sends.
    func state(of keys: [String]) -> (state: JSONObject, paths: [[String]], buffers: [Data]) {
        let binaryKeys = keys.filter { binary[$0] != nil }.sorted()
        let json = JSONObject(uniqueKeysWithValues: keys.compactMap { key in values[key].map { (key, $0) } })
        return (json, binaryKeys.map { [$0] }, binaryKeys.map { binary[$0]! })
    }

    /// Applies a frontend's update, all of it or (on the first bad key) none of it; the keys it set.
    mutating func apply(_ state: JSONObject, paths: [JSONValue], buffers: [Data]) throws(WidgetError) -> [String] {
        guard paths.count == buffers.count else {
            throw .malformed("\(paths.count) buffer paths for \(buffers.count) buffers")
        }
        var incomingBinary: [String: Data] = [:]
        for (path, buffer) in zip(paths, buffers) {
            guard let steps = path.arrayValue, steps.count == 1, let key = steps[0].stringValue, kind.binaryKeys.contains(key) else {
                throw .malformed("\(kind.modelName) has no binary value at \(path.encodedText)")
            }
            incomingBinary[key] = buffer
        }
        for (key, value) in state { try check(key, value) }
        for (key, value) in state { values[key] = value }
        binary.merge(incomingBinary) { $1 }
        return Array(state.keys) + incomingBinary.keys
    }

    private func check(_ key: String, _ value: JSONValue) throws(WidgetError) {
        guard !kind.identity.keys.contains(key), key != "layout", key != "style" else {
            throw .malformed("\(kind.modelName).\(key) is set by the kernel and cannot change")
        }
        guard let reference = kind.defaults[key] else {
            throw .malformed("\(kind.modelName) has no key '\(key)'")
        }
        let fits: Bool = switch (reference, value) {
        case _ where key == "index": false
        case (.null, _): true
        case (.bool, .bool), (.string, .string), (.array, .array): true
        case (.number, .number(let number)): !kind.integerKeys.contains(key) || number.rounded() == number
        default: false
        }
        // A selection's index is null until something is chosen, then one of its options.
        let options = values["_options_labels"]?.arrayValue?.count ?? 0
        let index = key == "index" && (value == .null || (value.intValue.map { (0..<options).contains($0) } ?? false))
        guard fits || index else {
            throw .malformed("\(kind.modelName).\(key) cannot be \(value.encodedText)")
        }
    }
}

extension WidgetModel: Equatable {
    public static func == (left: WidgetModel, right: WidgetModel) -> Bool {
        left.kind === right.kind && left.values == right.values && left.binary == right.binary && left.layout == right.layout
            && left.style == right.style
    }
}

/// A widget message that cannot be applied. Logged by the kernel, shown in the panel that owns the widget.
public enum WidgetError: Error, Equatable, CustomStringConvertible {
    case malformed(String)

    public var description: String {
        switch self {
        case .malformed(let reason): reason
        }
    }
}

extension JSONValue {
    /// Compact JSON as text, for messages.
    var encodedText: String { String(decoding: encoded(), as: UTF8.self) }
}
