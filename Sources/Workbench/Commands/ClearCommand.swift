/// `%clear`: clears the cell's output so far.
struct ClearCommand: Command {
    let name = "clear"
    let summary = "Clear this cell's output"
    let signature = CommandSignature(options: [.flag("wait", help: "clear only when the next output arrives (no flicker)")])
    let details = "Example: `%echo first` then `%clear --wait` then `%echo second` leaves only `second`."

    func run(_ arguments: Arguments, in environment: inout CommandEnvironment) async throws -> (any WorkspaceValue)? {
        environment.output.clearOutput(wait: arguments.flag("wait"))
        return nil
    }
}
