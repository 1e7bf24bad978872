import Attribution
import JupyterKernel

/// `%explain METHOD`: what a method computes, its formula, its paper and its pitfalls.
struct ExplainCommand: Command {
    let name = "explain"
    let summary = "What a method computes: idea, formula, paper, pitfalls (for students)"
    let signature = CommandSignature(
        positionals: [.init("method", help: Explanation.all.map(\.name).joined(separator: ", "), isOptional: true)])
    let details = "Examples: `%explain ig`, `%explain var`; without a method, the list of explained methods."

    func run(_ arguments: Arguments, in environment: inout CommandEnvironment) async throws -> (any WorkspaceValue)? {
        guard let requested = arguments.positional("method") else {
            let list = Explanation.all.map { "- `\($0.name)`: \($0.title)" }.joined(separator: "\n")
            environment.output.display(.markdown("**Explained methods**\n\n" + list), displayID: nil)
            return nil
        }
        guard let explanation = Explanation.named(requested) else {
            let names = Explanation.all.map(\.name)
            let hint = NearestName.suggestion(for: requested, among: names).map { " (did you mean \($0)?)" } ?? ""
            throw WorkbenchError.invalidValue(command: name, option: "method", value: requested,
                                              expected: "one of " + names.joined(separator: ", ") + hint)
        }
        environment.output.display(.markdown(explanation.markdown), displayID: nil)
        return nil
    }
}
