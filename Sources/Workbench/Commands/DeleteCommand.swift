/// `%del NAME…`: forgets workspace values.
struct DeleteCommand: Command {
    let name = "del"
    let summary = "Remove values from the workspace"
    let signature = CommandSignature(positionals: [.init("names", help: "the values to remove", repeats: true)])
    let details = "Example: `%del img ig`. Nothing is removed when any name is unknown."

    func run(_ arguments: Arguments, in environment: inout CommandEnvironment) async throws -> (any WorkspaceValue)? {
        for name in arguments.all("names") { try environment.workspace.remove(name) }
        return nil
    }
}
