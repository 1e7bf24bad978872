import Foundation
import JupyterKernel

/// `%who`: the workspace's names, kinds and summaries.
struct WhoCommand: Command {
    let name = "who"
    let summary = "List the values in the workspace"
    let signature = CommandSignature()
    let details = "Every `name = %command …` line adds a value; `%del name` removes it."

    func run(_ arguments: Arguments, in environment: inout CommandEnvironment) async throws -> (any WorkspaceValue)? {
        let workspace = environment.workspace
        guard !workspace.isEmpty else {
            environment.output.display(.text("The workspace is empty."), displayID: nil)
            return nil
        }
        let rows = workspace.names.compactMap { name in workspace[name].map { [name, $0.kind, $0.summary] } }
        environment.output.display(Table(header: ["name", "kind", "value"], rows: rows).bundle, displayID: nil)
        return nil
    }
}
