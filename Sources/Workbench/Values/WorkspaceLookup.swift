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
        let images = try names.flatMap { $0.split(separator: ",").map(String.init) }.flatMap { name in
            if let set = try value(named: name) as? ImageSetValue { return set.images }
            return [try typed(name, as: ImageValue.self, command: command, expected: "an image (make one with %data or %image)")]
        }
        guard !images.isEmpty else { throw WorkbenchError.missingArgument(command: command, argument: "an image") }
        for image in images where Array(image.tensor.shape.dropFirst()) != model.inputShape {
            throw WorkbenchError.failed(command: command, reason: "\(image.source) is \(image.tensor.shape.dropFirst().map(String.init).joined(separator: "×")); "
                + "\(model.name) takes \(model.inputShape.map(String.init).joined(separator: "×"))")
        }
        return images
    }

    /// The one image a command works on: a name of an image, or of a set that holds one.
    func image(_ names: [String], for model: ModelValue, command: String) throws -> ImageValue {
        let images = try images(names, for: model, command: command)
        guard images.count == 1 else {
            throw WorkbenchError.failed(command: command, reason: "%\(command) works on one image and was given \(images.count); "
                + "%compare takes several")
        }
        return images[0]
    }
}
