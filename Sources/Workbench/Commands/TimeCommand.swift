/// `%time COMMAND…`: runs a command and reports how long it took.
struct TimeCommand: Command {
    let name = "time"
    let summary = "Run a command and print its wall-clock time"
    let signature = CommandSignature(takesCommandLine: true)
    let details = "Example: `%time %sleep 0.5`. The command's value is passed on: `x = %time %echo hi --result`."

    func run(_ arguments: Arguments, in environment: inout CommandEnvironment) async throws -> (any WorkspaceValue)? {
        guard !arguments.words.isEmpty else { throw WorkbenchError.missingArgument(command: name, argument: "COMMAND") }
        let clock = ContinuousClock()
        let start = clock.now
        let value = try await environment.run(words: arguments.words)
        let elapsed = clock.now - start
        let milliseconds = elapsed.seconds * 1000
        environment.output.write("Wall time: \(Self.format(milliseconds))\n", to: .stdout)
        return value
    }

    static func format(_ milliseconds: Double) -> String {
        milliseconds >= 1000
            ? "\((milliseconds / 10).rounded() / 100) s"
            : "\((milliseconds * 100).rounded() / 100) ms"
    }
}
