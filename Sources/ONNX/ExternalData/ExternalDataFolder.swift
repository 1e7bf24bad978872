import Glibc

/// The folder a model was loaded from, where the tensors with external data find their files.
///
/// A model file names the files it reads, so a hostile one could ask for `/etc/shadow` or
/// `../../secret`: locations are resolved with realpath (symbolic links included) and refused unless
/// they land inside the folder. Each file is mapped once and shared by all its tensors.
final class ExternalDataFolder {
    /// The folder as given, nil for a model read from bytes alone (which can have no external data).
    private let folder: String?
    private var resolvedFolder: String?
    private var mapped: [String: MappedFile] = [:]
    /// The files read so far, in the order first used, by their location in the model.
    private(set) var files: [ExternalDataFile] = []

    init(folder: String?) {
        self.folder = folder
    }

    /// Runs `body` on the bytes `reference` names for tensor `name`, after checking that the
    /// location stays in the folder and that the range lies inside the file.
    func withBytes<Result>(of reference: ExternalDataReference, tensor name: String,
                           _ body: (UnsafeRawBufferPointer) throws -> Result) throws -> Result {
        let file = try mappedFile(reference, tensor: name)
        let available = file.size - min(reference.offset, file.size)
        guard reference.offset <= file.size, (reference.length ?? 0) <= available else {
            let range = reference.length.map { "\($0) bytes at offset \(reference.offset)" } ?? "offset \(reference.offset)"
            throw ONNXError.invalidTensor(name: name, message: "external data \(range) lies outside '\(reference.location)', which has \(file.size) bytes")
        }
        return try file.withBytes(offset: reference.offset, length: reference.length ?? available, body)
    }

    private func mappedFile(_ reference: ExternalDataReference, tensor name: String) throws -> MappedFile {
        guard let folder else {
            throw ONNXError.invalidTensor(name: name, message: "its data lives in the external file '\(reference.location)', "
                                          + "which can only be found when the model is loaded from its file, not from bytes")
        }
        let components = try reference.relativeComponents(tensor: name)
        let root = try resolvedRoot(folder, tensor: name)
        let joined = ([root] + components.map(String.init)).joined(separator: "/")
        guard let resolved = ExternalDataFolder.realPath(joined) else {
            throw ONNXError.invalidTensor(name: name, message: "its external data file '\(reference.location)' does not exist beside the model in \(folder)")
        }
        guard resolved.hasPrefix(root == "/" ? "/" : root + "/") else {
            throw ONNXError.invalidTensor(name: name, message: "external data location '\(reference.location)' resolves to \(resolved), "
                                          + "outside the model's folder \(root); a model may only read files in its own folder")
        }
        if let file = mapped[resolved] { return file }
        do {
            let file = try MappedFile(path: resolved)
            mapped[resolved] = file
            files.append(ExternalDataFile(location: reference.location, path: resolved, bytes: file.size))
            return file
        } catch {
            throw ONNXError.invalidTensor(name: name, message: "its external data file '\(reference.location)' \(error.reason)")
        }
    }

    private func resolvedRoot(_ folder: String, tensor name: String) throws -> String {
        if let resolvedFolder { return resolvedFolder }
        guard let resolved = ExternalDataFolder.realPath(folder) else {
            throw ONNXError.invalidTensor(name: name, message: "the model's folder \(folder) cannot be resolved")
        }
        resolvedFolder = resolved
        return resolved
    }

    /// The canonical absolute path (symbolic links, `.` and `..` resolved), nil when it does not exist.
    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

/// One external data file a model read, for `%model info`.
public struct ExternalDataFile: Sendable, Equatable {
    /// The location as the model names it, relative to the model's folder.
    public var location: String
    /// The resolved absolute path.
    public var path: String
    public var bytes: Int
}
