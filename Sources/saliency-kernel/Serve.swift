import ArgumentParser
import Foundation
import JupyterKernel
import Logging
import Tensor
import Workbench

/// `saliency-kernel --connection-file F`: what Jupyter starts from kernel.json's argv.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the kernel for a Jupyter client (the default subcommand).")

    @Option(name: .long, help: "The connection file the Jupyter client wrote.")
    var connectionFile: String

    @Option(name: .long, help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level = Self.defaultLogLevel

    static let defaultLogLevel = Logger.Level.warning

    func run() throws {
        try Self.serve(connectionFile: connectionFile, logLevel: logLevel)
    }

    /// Runs the kernel until the client shuts it down.
    static func serve(connectionFile: String, logLevel level: Logger.Level) throws {
        HeapTuning.keepLargeBuffersInHeap()
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "saliency-kernel")
        let connection = try ConnectionInfo(contentsOf: connectionFile)
        let kernel = try Kernel(connection: connection, interpreter: WorkbenchInterpreter(), logger: logger)
        let interruptSource = Interrupts.onSIGINT { kernel.interrupt.raise() }
        let restart = kernel.run()
        interruptSource.cancel()
        logger.info("shutting down\(restart ? " for a restart" : "")")
        // Let the I/O thread flush the shutdown replies before the process ends.
        Thread.sleep(forTimeInterval: 0.1)
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
