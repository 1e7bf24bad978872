import JupyterKernel

/// `%help [COMMAND] [--page]`: the command table, or one command in detail.
struct HelpCommand: Command {
    let name = "help"
    let summary = "List all commands, or explain one in detail"
    let signature = CommandSignature(
        positionals: [.init("command", help: "the command to explain, with or without %", isOptional: true)],
        options: [.flag("page", help: "open the help in the pager instead of the cell output")])
    let details = "Example: `%help sleep` shows the arguments and options of `%sleep`."

    func run(_ arguments: Arguments, in environment: inout CommandEnvironment) async throws -> (any WorkspaceValue)? {
        let markdown: String
        if let requested = arguments.positional("command") {
            let name = requested.hasPrefix("%") ? String(requested.dropFirst()) : requested
            markdown = HelpText.detail(of: try environment.registry.command(named: name))
        } else {
            markdown = HelpText.overview(of: environment.registry)
        }
        if arguments.flag("page") {
            environment.pages.append(.markdown(markdown))
        } else {
            environment.output.display(.markdown(markdown), displayID: nil)
        }
        return nil
    }
}
