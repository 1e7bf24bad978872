import JupyterKernel
import JupyterWidgets
import Synchronization

/// The magic-command language as a Jupyter interpreter. The kernel runs one cell at a time; the
/// workspace sits behind a lock only so completion may read it from another thread safely.
public final class WorkbenchInterpreter: Interpreter {
    public static let version = "0.1.0"

    public let runner: CellRunner
    /// The session's comms; its widgets (`%explore`) live on them.
    public let comms: CommManager
    private let workspace = Mutex(Workspace())

    public init(registry: CommandRegistry = .standard) {
        comms = CommManager()
        runner = CellRunner(registry: registry, widgets: WidgetManager(comms: comms))
    }

    public let languageInfo = LanguageInfo(
        name: "saliency", version: WorkbenchInterpreter.version, mimetype: "text/x-saliency",
        fileExtension: ".saliency", pygmentsLexer: "text", codemirrorMode: "shell",
        implementation: "saliency-kernel", implementationVersion: WorkbenchInterpreter.version,
        banner: "Saliency Workbench \(WorkbenchInterpreter.version): type %help for the commands")

    public var names: [String] { workspace.withLock { $0.names } }

    public func execute(_ code: String, context: any ExecutionContext) async throws -> ExecuteOutcome {
        var copy = workspace.withLock { $0 }
        do {
            let outcome = try await runner.run(code, workspace: &copy, output: context)
            commit(copy)
            return outcome
        } catch {
            // Lines before a failing one did complete: their changes stay, as the runner left them in
            // `copy`. An interrupted cell is undone as a whole: the workspace is as before the cell.
            if error.name != CellRunner.interruptedName { commit(copy) }
            throw error
        }
    }

    private func commit(_ workspace: Workspace) {
        self.workspace.withLock { $0 = workspace }
    }

    public func complete(_ code: String, cursor: Int) -> Completion {
        let (names, parameters) = workspace.withLock { ($0.names, $0.parameterNames) }
        return Completer(registry: runner.registry, names: names, parameters: parameters).complete(code, cursor: cursor)
    }

    public func inspect(_ code: String, cursor: Int, detail: Int) -> MimeBundle? {
        guard let name = Completer.commandName(in: code, at: cursor),
              let command = try? runner.registry.command(named: name)
        else { return nil }
        return .markdown(HelpText.detail(of: command))
    }

    public func isComplete(_ code: String) -> IsCompleteStatus {
        if CellSplitter.endsWithContinuation(code) { return .incomplete(indent: "") }
        for line in CellSplitter.statements(in: code) {
            guard let statement = try? Statement(parsing: line.text), runner.registry.contains(statement.command) else {
                return .invalid
            }
        }
        return .complete
    }
}
