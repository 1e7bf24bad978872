/// Finds commands by name.
public struct CommandRegistry: Sendable {
    private var commands: [String: any Command] = [:]

    public init(_ commands: [any Command]) {
        for command in commands { register(command) }
    }

    /// The built-in commands of the workbench.
    public static let standard = CommandRegistry([
        HelpCommand(), WhoCommand(), DeleteCommand(), TimeCommand(), EchoCommand(), SleepCommand(),
        ClearCommand(), DataCommand(), ImageCommand(), ModelCommand(), PredictCommand(), SaliencyCommand(),
        ShowCommand(), CompareCommand(), VarCommand(), ExplainCommand(), SaveCommand(), EvalCommand(), GridPGCommand(),
        SanityCommand(), AgnosticCommand(), BackdoorCommand(), SetCommand(), ExploreCommand(),
    ])

    /// Adds (or replaces) a command; later layers register theirs the same way.
    public mutating func register(_ command: any Command) {
        commands[command.name] = command
    }

    public var names: [String] { commands.keys.sorted() }

    public func command(named name: String) throws(WorkbenchError) -> any Command {
        guard let command = commands[name] else {
            throw .unknownCommand(name, suggestion: NearestName.suggestion(for: name, among: names))
        }
        return command
    }

    public func contains(_ name: String) -> Bool {
        commands[name] != nil
    }
}
