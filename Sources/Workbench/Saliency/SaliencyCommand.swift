import Attribution

/// `%saliency METHOD IMAGE`: one attribution map, shown over its input and kept as a value.
struct SaliencyCommand: Command {
    let name = "saliency"
    let summary = "Compute an attribution map of one method for an image"
    let signature = CommandSignature(
        positionals: [
            .init("method", help: MethodCatalog.names.joined(separator: ", ")),
            .init("image", help: "a workspace image"),
        ],
        options: [
            .value("target", "CLASS", help: TargetChoice.help),
            .value("model", "NAME", help: "the model (default the active one)"),
        ] + MethodCatalog.options)
    var details: String {
        "Methods:\n\n" + MethodCatalog.entries.map { "- `\($0.name)`: \($0.summary)" }.joined(separator: "\n")
            + "\n\n`%explain METHOD` says what each computes. Examples: `ig = %saliency ig img --steps 64`, "
            + "`cam = %saliency gradcam img --target star`, `%saliency lrp img --rule epsilon-gamma-box`."
    }

    func run(_ arguments: Arguments, in environment: inout CommandEnvironment) async throws -> (any WorkspaceValue)? {
        let (image, model) = try environment.workspace.image(
            arguments.all("image"), fitting: ModelCommand.model(named: arguments.value("model"), in: environment.workspace, command: name),
            command: name)
        let images = [image]
        let maker = try MapMaker(arguments.positional("method") ?? "", arguments: arguments, model: model,
                                 settings: environment.workspace.settings, command: name)
        let targets = try TargetChoice(arguments.value("target"), model: model, command: name)
            .resolve(for: images, model: model, command: name)
        return try environment.withProgress(maker.method.name) { progress in
            try maker.maps(of: images, targets: targets, progress: progress)[0]
        }
    }
}
