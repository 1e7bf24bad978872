import ArgumentParser

/// `saliency-kernel`: runs the Jupyter kernel (the default), installs its kernelspec, or runs a script headless.
@main
struct SaliencyKernel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "saliency-kernel",
        abstract: "The Saliency Workbench Jupyter kernel.",
        version: "0.1.0",
        subcommands: [Serve.self, Install.self, Run.self, Merge.self, Train.self],
        defaultSubcommand: Serve.self)

    /// Jupyter starts a kernel per notebook with kernel.json's argv, `--connection-file F`: that exact
    /// line starts the kernel at once. ArgumentParser reflects over the commands' options, and in a
    /// binary this large each dynamic type lookup scans every protocol conformance: about 2 ms of a
    /// 10 ms start. Every other line, `--log-level` included, is parsed as usual.
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard arguments.count == 2, arguments[0] == "--connection-file" else { return await main(nil) }
        do {
            try Serve.serve(connectionFile: arguments[1], logLevel: Serve.defaultLogLevel)
        } catch {
            Serve.exit(withError: error)
        }
    }
}
