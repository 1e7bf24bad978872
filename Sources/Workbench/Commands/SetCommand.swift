import JupyterKernel

/// `%set NAME VALUE`: changes a session default (colormap, seed, threads, memory); `%set` lists them.
struct SetCommand: Command {
    let name = "set"
    let summary = "Show or change the session's defaults: cmap, seed, threads, memory"
    let signature = CommandSignature(positionals: [
        .init("setting", help: Settings.keys.map(\.name).joined(separator: ", "), isOptional: true),
        .init("value", help: "its new value; `default` restores the one a new session starts with", isOptional: true),
    ])
    let details = """
        Defaults apply to the lines after the `%set` and until the kernel restarts; an option given \
        on a command line still wins. Maps keep the seed in their provenance, so a saved result \
        says which one it used.

        """ + Settings.keys.map { "- `\($0.name) \($0.placeholder)`: \($0.help)" }.joined(separator: "\n") + """


        Examples: `%set`, `%set cmap viridis`, `%set seed 7`, `%set threads 1`, `%set memory 512M`, `%set cmap default`.
        """

    func run(_ arguments: Arguments, in environment: inout CommandEnvironment) async throws -> (any WorkspaceValue)? {
        guard let setting = arguments.positional("setting") else {
            show(Settings.keys, of: environment.workspace.settings, in: environment.output)
            return nil
        }
        let key = try Settings.key(named: setting)
        guard let text = arguments.positional("value") else {
            show([key], of: environment.workspace.settings, in: environment.output)
            return nil
        }
        try key.assign(&environment.workspace.settings, text == "default" ? key.value(Settings()) : text)
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
