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
        var markdown = ["| name | kind | value |", "|---|---|---|"]
        var plain: [String] = []
        for name in workspace.names {
            guard let value = workspace[name] else { continue }
            markdown.append("| `\(name)` | \(value.kind) | \(value.summary.replacingOccurrences(of: "|", with: "\\|")) |")
            plain.append("\(name)\t\(value.kind)\t\(value.summary)")
        }
        environment.output.display(
            MimeBundle(data: ["text/markdown": .string(markdown.joined(separator: "\n")),
                              "text/plain": .string(plain.joined(separator: "\n"))]),
            displayID: nil)
        return nil
    }
}
