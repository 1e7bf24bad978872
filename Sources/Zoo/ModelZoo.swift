import Foundation
import Networks
import ONNX

/// The models that ship with the project, as ONNX files under `models/`, loaded without any
/// download. `SALIENCY_MODELS` points elsewhere (a copy of the folder next to an installed binary).
public enum ModelZoo {
    /// The shipped models, in the order `%model zoo` lists them.
    public static let names = (Recipe.clean + Recipe.shippedTrojans).map(\.name)

    /// The folder holding the shipped ONNX files.
    public static var directory: URL {
        if let override = ProcessInfo.processInfo.environment["SALIENCY_MODELS"], !override.isEmpty {
            return URL(fileURLWithPath: override, isDirectory: true)
        }
        // Sources/Zoo/ModelZoo.swift → the repository root.
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("models", isDirectory: true)
    }

    public static func url(of name: String) throws -> URL {
        guard names.contains(name) || Recipe.all.contains(where: { $0.name == name }) else {
            throw ZooError.unknownModel(name, valid: names)
        }
        let url = directory.appendingPathComponent("\(name).onnx")
        guard FileManager.default.fileExists(atPath: url.path) else { throw ZooError.missingModel(name, path: url.path) }
        return url
    }

    public static func load(_ name: String) throws -> Network {
        try ONNXModel.network(contentsOf: url(of: name))
    }
}
