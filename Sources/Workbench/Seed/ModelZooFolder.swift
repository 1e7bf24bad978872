import Foundation

/// The models of a zoo folder (`%backdoor scan --models FOLDER/`), numbered as a sweep numbers its items:
/// every `FOLDER/NAME.onnx`, and every `FOLDER/ID/model.onnx` of the TrojAI layout (a folder per model,
/// its config and examples beside it), sorted by their path in the folder byte by byte, so that every
/// machine of a sharded run numbers them alike whatever its locale or its file system's order. Hidden
/// files (`.x.onnx`, the `._x.onnx` a Mac leaves on a copied disk) are no models.
public struct ModelZooFolder: Sendable, Equatable {
    /// The folder as the user named it.
    public let path: String
    /// Paths in the folder: `a.onnx`, `id-00000003/model.onnx`.
    public let models: [String]

    public init(path: String, command: String) throws {
        let manager = FileManager.default
        let folder = (path as NSString).expandingTildeInPath
        var isFolder: ObjCBool = false
        guard manager.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw WorkbenchError.failed(command: command, reason: "--models \(path): no such folder")
        }
        let entries: [String]
        do {
            entries = try manager.contentsOfDirectory(atPath: folder).filter { !$0.hasPrefix(".") }
        } catch {
            throw WorkbenchError.failed(command: command, reason: "--models \(path): cannot list the folder: \(error.localizedDescription)")
        }
        func kind(_ relative: String) -> Bool? {
            var isFolder: ObjCBool = false
            guard manager.fileExists(atPath: (folder as NSString).appendingPathComponent(relative), isDirectory: &isFolder) else { return nil }
            return isFolder.boolValue
        }
        let files = entries.filter { $0.lowercased().hasSuffix(".onnx") && kind($0) == false }
        let nested = entries.filter { kind($0) == true }.map { $0 + "/model.onnx" }.filter { kind($0) == false }
        models = (files + nested).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        guard !models.isEmpty else {
            throw WorkbenchError.failed(command: command, reason: "--models \(path) holds no models: neither NAME.onnx files "
                + "nor folders with a model.onnx (the TrojAI layout, ID/model.onnx)")
        }
        self.path = path
    }

    /// Where model `item` lies.
    public func url(of item: Int) -> URL {
        URL(fileURLWithPath: ((path as NSString).expandingTildeInPath as NSString).appendingPathComponent(models[item]))
    }
}
