import Foundation

/// The Python environment of the `jupyter` on PATH, as `jupyter kernelspec install --sys-prefix` means it: the
/// `sys.prefix` of the Python that runs that `jupyter`. A hub's single-user servers run from such an environment
/// (The Littlest JupyterHub's /opt/tljh/user, a Docker stack's /opt/conda), usually without it being activated.
enum JupyterEnvironment {
    static func prefix(path: String? = ProcessInfo.processInfo.environment["PATH"]) -> String? {
        guard let jupyter = executable("jupyter", path: path), let python = interpreter(of: jupyter) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", "import sys; print(sys.prefix)"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let prefix = String(data: output, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines),
              prefix.hasPrefix("/") else { return nil }
        return prefix
    }

    /// The first executable `name` in PATH's folders, symbolic links resolved (a link in /usr/local/bin to an
    /// environment's bin/jupyter belongs to that environment).
    private static func executable(_ name: String, path: String?) -> String? {
        for folder in (path ?? "").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: candidate) {
                return URL(fileURLWithPath: candidate).resolvingSymlinksInPath().path
            }
        }
        return nil
    }

    /// The Python a console script runs with: its `#!` line (pip writes the environment's python there), or
    /// the python beside it.
    private static func interpreter(of script: String) -> String? {
        if let handle = FileHandle(forReadingAtPath: script), let head = try? handle.read(upToCount: 512),
           let firstLine = String(decoding: head, as: UTF8.self).split(separator: "\n").first, firstLine.hasPrefix("#!/") {
            let command = firstLine.dropFirst(2).split(separator: " ")
            // `#!/usr/bin/env python3` names no environment, nor does pip's `#!/bin/sh` for long paths: the
            // python beside the script does.
            if let program = command.first, !program.hasSuffix("/env"), !program.hasSuffix("/sh") { return String(program) }
        }
        let folder = URL(fileURLWithPath: script).deletingLastPathComponent()
        return ["python3", "python"].map { folder.appendingPathComponent($0).path }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
