import JupyterKernel

/// `%set NAME VALUE`: changes a session default (colormap, seed, threads, memory); `%set` lists them.
/// `%set NAME = VALUE` binds a plain value that `$NAME` uses in any later word (papermill's parameters).
struct SetCommand: Command {
    let name = "set"
    let summary = "Show or change the session's defaults (cmap, seed, threads, memory), or bind a value: %set steps = 32"
    let signature = CommandSignature(positionals: [
        .init("setting", help: Settings.keys.map(\.name).joined(separator: ", ") + "; or the NAME of `NAME = VALUE`",
              isOptional: true),
        .init("value", help: "its new value; `default` restores the one a new session starts with; `= VALUE` binds NAME",
              isOptional: true, repeats: true),
    ])
    let details = """
        **Values.** `%set NAME = VALUE` binds a number (`32`, `0.5`, `1e-3`), quoted text (`"shapes-cnn"` \
        with JSON's escapes, or `'C:\\temp'` as written), `true`, `false`, `none` or a list of those \
        (`["gradient", "ig"]`) to NAME, and \
        `$NAME` (or `${NAME}` before letters) puts it into any later word: `%saliency ig img --steps $steps`, \
        `%model zoo $model_name`, `%save ig out/${model_name}_ig.png`. A list gives its items joined by \
        commas (`%compare $methods img`); `none` gives no word at all, so `--steps $steps` falls back to the \
        default. The option checks the value as if typed (`--steps $name` with text is refused, naming \
        `$name`). Quoting works as in a shell: `'$steps'` is the text itself, `"$steps"` expands, `\\$` \
        is a dollar sign. `%who` lists the values; `%del NAME` forgets one. A notebook's cell tagged \
        `parameters` holds such lines, and papermill (`python -m saliency_papermill`) adds its own after it.

        **Defaults.** Defaults apply to the lines after the `%set` and until the kernel restarts; an option given \
        on a command line still wins. Maps keep the seed in their provenance, so a saved result \
        says which one it used.

        """ + Settings.keys.map { "- `\($0.name) \($0.placeholder)`: \($0.help)" }.joined(separator: "\n") + """


        Examples: `%set`, `%set cmap viridis`, `%set seed 7`, `%set threads 1`, `%set memory 512M`, `%set cmap default`, \
        `%set steps = 32`, `%set model_name = "shapes-cnn"`, `%set methods = ["gradient", "ig"]`.
        """

    func run(_ arguments: Arguments, in environment: inout CommandEnvironment) async throws -> (any WorkspaceValue)? {
        guard let setting = arguments.positional("setting") else {
            show(Settings.keys, of: environment.workspace.settings, in: environment.output)
            return nil
        }
        let words = arguments.all("value")
        if words.first == "=" { return try bind(setting, to: words.dropFirst().joined(separator: " "), in: &environment.workspace) }
        if let extra = words.dropFirst().first { throw WorkbenchError.unexpectedArgument(command: name, argument: extra) }
        let key = try Settings.key(named: setting)
        guard let text = words.first else {
            show([key], of: environment.workspace.settings, in: environment.output)
            return nil
        }
        try key.assign(&environment.workspace.settings, text == "default" ? key.value(Settings()) : text)
        return nil
    }

    /// `%set NAME = VALUE`: the literal's value under NAME. A setting's name is refused, so that
    /// `%set seed = 7` cannot be read as changing the seed when it would only bind a value.
    private func bind(_ target: String, to literal: String, in workspace: inout Workspace) throws(WorkbenchError) -> (any WorkspaceValue)? {
        guard Statement.isName(target) else { throw .invalidTarget(target) }
        guard !Settings.keys.contains(where: { $0.name == target }) else {
            throw .failed(command: name, reason: "\(target) is a session setting, which `%set \(target) VALUE` changes; "
                + "bind the value under another name")
        }
        workspace[target] = try workspace.value(of: Literal(parsing: literal))
        return nil
    }

    private func show(_ keys: [Settings.Key], of settings: Settings, in output: any ExecutionContext) {
        let fresh = Settings()
        let table = Table(header: ["setting", "value", "default", "meaning"],
                          rows: keys.map { [$0.name, $0.value(settings), $0.value(fresh), $0.help] })
        // The plain listing is what scripts read: name and value.
        output.display(MimeBundle.html(table.html, plain: keys.map { "\($0.name)\t\($0.value(settings))" }.joined(separator: "\n")),
                       displayID: nil)
    }
}
