import ArgumentParser

/// `saliency-kernel`: runs the Jupyter kernel (the default), installs its kernelspec, or runs a script headless.
@main
struct SaliencyKernel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "saliency-kernel",
        abstract: "The Saliency Workbench Jupyter kernel.",
        version: "0.1.0",
        subcommands: [Serve.self, Install.self, Run.self, Train.self],
        defaultSubcommand: Serve.self)
}
