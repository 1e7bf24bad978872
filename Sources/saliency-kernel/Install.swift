import ArgumentParser
import Foundation
import JupyterKernel

/// `saliency-kernel install`: writes the `saliency` kernelspec pointing at this very binary.
struct Install: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Install the 'saliency' kernelspec so Jupyter lists the Saliency (Swift) kernel.",
        discussion: "Without a location flag the kernelspec goes to /usr/local/share/jupyter/kernels.")

    @Flag(help: "Install for the current user (JUPYTER_DATA_DIR, or ~/.local/share/jupyter).")
    var user = false

    @Flag(help: ArgumentHelp("Install into the Python environment Jupyter runs from: the active virtual environment or conda prefix, "
        + "else the sys.prefix of the Python that runs the 'jupyter' on PATH (a hub's environment)."))
    var sysPrefix = false

    @Option(help: "Install under PREFIX/share/jupyter/kernels.")
    var prefix: String?

    func validate() throws {
        guard [user, sysPrefix, prefix != nil].filter({ $0 }).count <= 1 else {
            throw ValidationError("choose at most one of --user, --sys-prefix and --prefix")
        }
    }

    func run() throws {
        let folder = try kernelsFolder().appendingPathComponent("saliency", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try kernelJSON().write(to: folder.appendingPathComponent("kernel.json"))
        for logo in KernelLogos.files {
            guard let bytes = Data(base64Encoded: logo.base64) else { continue }
            try bytes.write(to: folder.appendingPathComponent(logo.name))
        }
        print("Installed kernelspec saliency in \(folder.path)")
    }

    private func kernelsFolder() throws -> URL {
        let environment = ProcessInfo.processInfo.environment
        let base: String
        if user {
            base = environment["JUPYTER_DATA_DIR"]
                ?? (environment["XDG_DATA_HOME"] ?? NSHomeDirectory() + "/.local/share") + "/jupyter"
            return URL(fileURLWithPath: base).appendingPathComponent("kernels", isDirectory: true)
        } else if sysPrefix {
            guard let active = environment["VIRTUAL_ENV"] ?? environment["CONDA_PREFIX"] ?? JupyterEnvironment.prefix() else {
                throw ValidationError("--sys-prefix needs an active virtual environment or conda prefix, or a 'jupyter' on PATH "
                    + "whose Python can be asked for its sys.prefix; use --prefix PATH instead")
            }
            base = active
        } else {
            base = prefix ?? "/usr/local"
        }
        return URL(fileURLWithPath: base).appendingPathComponent("share/jupyter/kernels", isDirectory: true)
    }

    /// The kernelspec of kernelspec/saliency/kernel.json, with argv[0] made absolute.
    private func kernelJSON() throws -> Data {
        let binary = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let spec: JSONValue = [
            "argv": [.string(binary), "--connection-file", "{connection_file}"],
            "display_name": "Saliency (Swift)",
            "language": "saliency",
            "interrupt_mode": "message",
            // The engine splits matrix products across cores itself; OpenBLAS's own thread pool, started
            // when the library loads, would only cost start-up time (about 4 ms of 19).
            "env": ["OPENBLAS_NUM_THREADS": "1"],
            "metadata": ["supported_encryption": ["curve"]],
        ]
        return spec.encoded()
    }
}
