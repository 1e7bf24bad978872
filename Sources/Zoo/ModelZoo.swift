import CEmbeddedModels
import Foundation
import Networks
import ONNX

/// The models that ship with the project, compiled into the binary from `models/` so that a kernel
/// copied anywhere has them. `SALIENCY_MODELS` names a folder whose ONNX files take precedence over
/// the embedded ones of the same name; it is also where models of other recipes (the held-out
/// trojans) are found.
public enum ModelZoo {
    /// The shipped models, in the order `%model zoo` lists them.
    public static let names = (Recipe.clean + Recipe.shippedTrojans).map(\.name)

    /// A model's serialized ONNX bytes and where they came from (a file path, or the binary).
    public struct Source: Sendable {
        public let bytes: [UInt8]
        public let location: String
    }

    /// The folder named by `SALIENCY_MODELS`, if any.
    public static var overrideDirectory: URL? {
        guard let folder = ProcessInfo.processInfo.environment["SALIENCY_MODELS"], !folder.isEmpty else { return nil }
        return URL(fileURLWithPath: folder, isDirectory: true)
    }

    /// The shipped models and any model of a recipe found in the override folder.
    public static var available: [String] {
        guard let folder = overrideDirectory else { return names }
        let found = Recipe.all.map(\.name).filter { !names.contains($0) && FileManager.default.fileExists(
            atPath: folder.appendingPathComponent("\($0).onnx").path) }
        return names + found
    }

    public static func source(of name: String) throws -> Source {
        guard Recipe.all.contains(where: { $0.name == name }) else { throw ZooError.unknownModel(name, valid: names) }
        if let file = overrideDirectory?.appendingPathComponent("\(name).onnx"),
           let data = FileManager.default.contents(atPath: file.path) {
            return Source(bytes: [UInt8](data), location: file.path)
        }
        guard let embedded = saliency_embedded_model_named(name) else {
            throw ZooError.missingModel(name, folder: overrideDirectory?.path)
        }
        return Source(bytes: [UInt8](UnsafeBufferPointer(start: embedded.pointee.bytes, count: embedded.pointee.length)),
                      location: "embedded")
    }

    public static func load(_ name: String) throws -> Network {
        try ONNXModel.network(fromBytes: source(of: name).bytes)
    }
}
