/// Where a tensor's bytes live when its `data_location` is EXTERNAL: the `external_data` entries
/// `location` (a file relative to the model's folder), `offset` and `length` in bytes. `checksum`
/// and unknown keys are ignored, as onnxruntime does.
struct ExternalDataReference: Equatable {
    var location: String
    var offset: Int
    /// nil: to the end of the file.
    var length: Int?

    init(_ proto: Onnx_TensorProto, name: String) throws {
        let entries = Dictionary(proto.externalData.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        guard let location = entries["location"], !location.isEmpty else {
            throw ONNXError.invalidTensor(name: name, message: "its data is external but names no location")
        }
        self.location = location
        offset = try ExternalDataReference.byteCount(entries["offset"], key: "offset", tensor: name, location: location) ?? 0
        length = try ExternalDataReference.byteCount(entries["length"], key: "length", tensor: name, location: location)
    }

    private static func byteCount(_ text: String?, key: String, tensor: String, location: String) throws -> Int? {
        guard let text else { return nil }
        guard let value = Int(text), value >= 0 else {
            throw ONNXError.invalidTensor(name: tensor, message: "external data in '\(location)' has \(key) '\(text)', not a byte count")
        }
        return value
    }

    /// The location's path components, refusing what could leave the model's folder: an absolute
    /// path, a `..` component, or a NUL byte that would cut the path short in the C calls.
    func relativeComponents(tensor: String) throws -> [Substring] {
        func refuse(_ why: String) -> ONNXError {
            .invalidTensor(name: tensor, message: "external data location '\(location)' \(why); a model may only read files in its own folder")
        }
        guard !location.hasPrefix("/") else { throw refuse("is an absolute path") }
        guard !location.contains("\0") else { throw refuse("contains a NUL byte") }
        let components = location.split(separator: "/", omittingEmptySubsequences: true)
        guard !components.contains("..") else { throw refuse("contains a '..' component") }
        guard !components.isEmpty, components != ["."] else { throw refuse("names no file") }
        return components
    }
}
