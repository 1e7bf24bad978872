import JupyterKernel

/// `%sleep SECONDS`: waits with a progress bar; the simplest long, interruptible command.
struct SleepCommand: Command {
    static let tick: Duration = .milliseconds(10)

    let name = "sleep"
    let summary = "Wait for some seconds, showing progress (interrupt with ■ or Ctrl-C)"
    let signature = CommandSignature(
        positionals: [.init("seconds", help: "how long to wait, from 0 to 86400")],
        options: [.flag("quiet", help: "no progress bar")])
    let details = "Example: `%sleep 2`. Returns the seconds waited, so `t = %sleep 1` stores 1."

    func run(_ arguments: Arguments, in environment: inout CommandEnvironment) async throws -> (any WorkspaceValue)? {
        let seconds = try arguments.number("seconds", range: 0...86_400) ?? 0
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(seconds)
        var progress = arguments.flag("quiet") ? nil : ProgressDisplay("sleep", total: seconds, context: environment.output)
        while clock.now < deadline {
            try environment.output.checkCancellation()
            try await Task.sleep(for: min(Self.tick, deadline - clock.now))
            progress?.update(seconds - (deadline - clock.now).seconds)
        }
        progress?.finish()
        return NumberValue(seconds)
    }
}

extension Duration {
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}
