import Attribution
import JupyterKernel

/// `%explain METHOD`: what a method computes, its formula, its paper and its pitfalls.
struct ExplainCommand: Command {
    let name = "explain"
    let summary = "What a method or a metric computes: idea, formula, paper, pitfalls (for students)"
    let signature = CommandSignature(
        positionals: [.init("method", help: (Explanation.all + Explanation.metrics).map(\.name).joined(separator: ", "),
                            isOptional: true)])
    let details = "Examples: `%explain ig`, `%explain var`, `%explain gridpg`; without a name, the list of what is explained."

    func run(_ arguments: Arguments, in environment: inout CommandEnvironment) async throws -> (any WorkspaceValue)? {
        guard let requested = arguments.positional("method") else {
            func list(_ explanations: [Explanation]) -> String {
                explanations.map { "- `\($0.name)`: \($0.title)" }.joined(separator: "\n")
            }
            environment.output.display(.markdown("**Methods**\n\n" + list(Explanation.all)
                                                 + "\n\n**Metrics**\n\n" + list(Explanation.metrics)), displayID: nil)
            return nil
        }
        guard let explanation = Explanation.named(requested) else {
            let names = (Explanation.all + Explanation.metrics).map(\.name)
            let hint = NearestName.suggestion(for: requested, among: names).map { " (did you mean \($0)?)" } ?? ""
            throw WorkbenchError.invalidValue(command: name, option: "method", value: requested,
                                              expected: "one of " + names.joined(separator: ", ") + hint)
        }
        environment.output.display(.markdown(explanation.markdown + Self.interactively(explanation.name)), displayID: nil)
        return nil
    }

    /// Where `%explore` lets a student try the idea with sliders: a teaching view of its own, or the map panel.
    static func interactively(_ name: String) -> String {
        let line: String
        switch name {
        case "ig": line = "`%explore ig IMAGE`: a steps slider, with the convergence delta beside the map"
        case "sanity": line = "`%explore sanity IMAGE --method gbp`: a slider over the randomized layers"
        case "gridpg": line = "`%explore gridpg`: a mosaic and a class picker, with each cell's score"
        case "agnostic": line = "`%explore agnostic`: every class's map, with a play button"
        case "backdoor": line = "`%backdoor scan --model M --images SET`: the verdict, every class's score and the evidence; "
            + "`%backdoor scan --models FOLDER/ --images SET`: one verdict for every model of a zoo, shardable over a cluster"
        case let method where Explanation.all.contains(where: { $0.name == method }):
            line = "`%explore IMAGE`: pick it in the method list, for any class, with VAR on or off"
        default: return ""
        }
        return "\n**Try it.** " + line + "\n"
    }
}
