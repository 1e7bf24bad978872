extension Workspace {
    /// The value named `name` as a `Value`, or an error saying what it is instead.
    func typed<Value: WorkspaceValue>(_ name: String, as type: Value.Type, command: String, expected: String) throws -> Value {
        let value = try value(named: name)
        guard let typed = value as? Value else {
            throw WorkbenchError.failed(command: command, reason: "'\(name)' is a \(value.kind), not \(expected)")
        }
        return typed
    }

    /// Images by name (comma-separated lists allowed; a set from a folder gives all of its images),
    /// checked against the model's input shape.
    func images(_ names: [String], for model: ModelValue, command: String) throws -> [ImageValue] {
        let images = try named(names, command: command)
        for image in images where Array(image.tensor.shape.dropFirst()) != model.inputShape {
            throw Self.sizeMismatch(image, model, command: command, because: "")
        }
        return images
    }

    /// Images by name, and the model made to take them when they share another size than its
    /// input's: a fully convolutional network (or the shapes ViT) maps a GridPG mosaic as it is.
    func images(_ names: [String], fitting model: ModelValue, command: String) throws -> (images: [ImageValue], model: ModelValue) {
        let images = try named(names, command: command)
        let shape = Array(images[0].tensor.shape.dropFirst())
        if let other = images.first(where: { Array($0.tensor.shape.dropFirst()) != shape }) {
            throw WorkbenchError.failed(command: command, reason: "\(images[0].source) and \(other.source) differ in size; "
                + "maps of images of several sizes need one command each")
        }
        guard shape != model.inputShape else { return (images, model) }
        guard shape.count == 3, shape[0] == model.inputShape.first else {
            throw Self.sizeMismatch(images[0], model, command: command, because: "")
        }
        guard let fitted = try model.accepting(height: shape[1], width: shape[2]) else {
            throw Self.sizeMismatch(images[0], model, command: command, because: ", and its fixed-size layers take no other size")
        }
        return (images, fitted)
    }

    /// The one image a command maps, and the model made to take it (see `images(_:fitting:command:)`).
    func image(_ names: [String], fitting model: ModelValue, command: String) throws -> (image: ImageValue, model: ModelValue) {
        let (images, fitted) = try images(names, fitting: model, command: command)
        return (try Self.single(images, command: command), fitted)
    }

    /// The images a command gives a model, refusing values a network cannot compute with.
    private func named(_ names: [String], command: String) throws -> [ImageValue] {
        let images = try names.flatMap { $0.split(separator: ",").map(String.init) }.flatMap { name in
            if let set = try value(named: name) as? ImageSetValue { return set.images }
            return [try typed(name, as: ImageValue.self, command: command, expected: "an image (make one with %data or %image)")]
        }
        guard !images.isEmpty else { throw WorkbenchError.missingArgument(command: command, argument: "an image") }
        for image in images { try Self.requireFinite(image, command: command) }
        return images
    }

    /// A NaN or infinite pixel (a .npy array saved from a failed computation) makes the network's
    /// every output NaN, and every map a picture of nothing: said here rather than drawn.
    private static func requireFinite(_ image: ImageValue, command: String) throws {
        let nans = image.tensor.scalars.lazy.filter(\.isNaN).count
        let infinities = image.tensor.scalars.lazy.filter(\.isInfinite).count
        guard nans + infinities > 0 else { return }
        let counts = [(nans, "NaN"), (infinities, "infinite")].filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }.joined(separator: " and ")
        throw WorkbenchError.failed(command: command, reason: "\(image.source) holds \(counts) values, from which a network computes "
            + "only NaN; replace them (numpy.nan_to_num) before loading it")
    }

    private static func sizeMismatch(_ image: ImageValue, _ model: ModelValue, command: String, because reason: String) -> WorkbenchError {
        .failed(command: command, reason: "\(image.source) is \(image.tensor.shape.dropFirst().map(String.init).joined(separator: "×")); "
            + "\(model.name) takes \(model.inputShape.map(String.init).joined(separator: "×"))\(reason)")
    }

    private static func single(_ images: [ImageValue], command: String) throws -> ImageValue {
        guard images.count == 1 else {
            throw WorkbenchError.failed(command: command, reason: "%\(command) works on one image and was given \(images.count); "
                + "%compare takes several")
        }
        return images[0]
    }
}
