import JupyterKernel
import JupyterWidgets

/// One magic command: its name, what it accepts, its help, and what it does. Adding a command is
/// one new type conforming to this and one entry in `CommandRegistry.standard`.
public protocol Command: Sendable {
    /// Typed after `%`.
    var name: String { get }
    /// One line for the `%help` table.
    var summary: String { get }
    var signature: CommandSignature { get }
    /// Markdown paragraphs for `%help name`: what it does in detail, with examples.
    var details: String { get }
    /// Runs with bound arguments; returns the value to show or assign, if the command produces one.
    func run(_ arguments: Arguments, in environment: inout CommandEnvironment) async throws -> (any WorkspaceValue)?
}

/// What a running command can reach: the workspace (a copy, committed if the line succeeds),
/// the cell's outputs, the registry (for `%help` and `%time`), the session's widgets, and pager payloads.
public struct CommandEnvironment: Sendable {
    public var workspace: Workspace
    public let output: any ExecutionContext
    public let registry: CommandRegistry
    public let widgets: WidgetManager
    public var pages: [MimeBundle] = []

    public init(workspace: Workspace, output: any ExecutionContext, registry: CommandRegistry, widgets: WidgetManager) {
        self.workspace = workspace
        self.output = output
        self.registry = registry
        self.widgets = widgets
    }

    /// Runs a command given as words (`["%sleep", "1"]`), as `%time` does with its argument.
    public mutating func run(words: [String]) async throws -> (any WorkspaceValue)? {
        guard let first = words.first, first.hasPrefix("%"), first.count > 1 else {
            throw WorkbenchError.notACommand(words.first ?? "")
        }
        let command = try registry.command(named: String(first.dropFirst()))
        let arguments = try Arguments(command: command.name, words: Array(words.dropFirst()),
                                      signature: command.signature)
        return try await command.run(arguments, in: &self)
    }
}
