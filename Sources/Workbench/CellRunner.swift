import JupyterKernel
import JupyterWidgets

/// Runs a cell's statements in order against a workspace. Each statement works on a copy of the
/// workspace that replaces the original only when it succeeds; the first failure stops the cell and
/// names its line.
public struct CellRunner: Sendable {
    public let registry: CommandRegistry
    /// Where commands open widgets.
    public let widgets: WidgetManager

    public init(registry: CommandRegistry = .standard, widgets: WidgetManager = WidgetManager(comms: CommManager())) {
        self.registry = registry
        self.widgets = widgets
    }

    /// The last statement's unassigned value becomes the cell's result; earlier ones are displayed.
    public func run(_ cell: String, workspace: inout Workspace,
                    output: any ExecutionContext) async throws(ExecutionError) -> ExecuteOutcome
    {
        let statements = CellSplitter.statements(in: cell)
        var outcome = ExecuteOutcome()
        for (index, line) in statements.enumerated() {
            workspace.settings.applyToEngine()
            var environment = CommandEnvironment(workspace: workspace, output: output, registry: registry,
                                                 widgets: widgets)
            do {
                try output.checkCancellation()
                let statement = try Statement(parsing: line.text)
                let expansion = try Expansion(statement.words) { name throws(WorkbenchError) in
                    try workspace.parameterWord(name)
                }
                let value: (any WorkspaceValue)?
                do {
                    value = try await environment.run(words: ["%" + statement.command] + expansion.words)
                } catch let error as WorkbenchError {
                    throw expansion.citing(error)
                }
                if let target = statement.target {
                    guard let value else {
                        throw WorkbenchError.noValueToAssign(command: statement.command, target: target)
                    }
                    environment.workspace[target] = value
                } else if let value {
                    if index == statements.count - 1 {
                        outcome.result = value.display
                    } else {
                        output.display(value.display, displayID: nil)
                    }
                }
            } catch {
                throw Self.report(error, at: line)
            }
            workspace = environment.workspace
            outcome.pages += environment.pages
        }
        return outcome
    }

    /// The error name of an interrupted cell, as IPython reports it.
    static let interruptedName = "KeyboardInterrupt"

    static func report(_ error: any Error, at line: SourceLine) -> ExecutionError {
        switch error {
        case is ExecutionInterrupted, is CancellationError:
            return ExecutionError(name: interruptedName, value: "interrupted at line \(line.number)",
                                  traceback: ["KeyboardInterrupt: interrupted at line \(line.number): \(line.text)"])
        case let error as WorkbenchError:
            return ExecutionError(name: error.name, value: "line \(line.number): \(error)",
                                  traceback: ["line \(line.number): \(line.text)", "\(error.name): \(error)"])
        default:
            return ExecutionError(name: String(describing: type(of: error)), value: "line \(line.number): \(error)",
                                  traceback: ["line \(line.number): \(line.text)", "\(error)"])
        }
    }
}
