import Attribution
import Crypto
import Foundation
import Imaging
import ONNX
import Zoo

/// `%model zoo NAME`, `%model load PATH`, `%model info [NAME]`: loads a classifier, which becomes
/// the model later commands use unless they are given `--model`.
struct ModelCommand: Command {
    let name = "model"
    let summary = "Load an ONNX classifier or an embedded model; show a model's layers"
    let signature = CommandSignature(
        positionals: [
            .init("action", help: "zoo, load or info"),
            .init("what", help: "zoo: a model name; load: an .onnx path; info: a workspace name (default the active model)",
                  isOptional: true),
        ],
        options: [
            .value("preset", "NAME", help: "input normalization: unit ([0,1]), imagenet or symmetric ([-1,1]); default unit"),
            .value("labels", "FILE", help: "class names, one per line"),
            .value("size", "HxW", help: "input height×width when the file leaves them open"),
        ])
    let details = """
        The embedded models need no download: \(ModelZoo.names.map { "`\($0)`" }.joined(separator: ", ")). \
        Each was trained by `saliency-kernel train --recipe NAME`; `%model info` shows its layers, its \
        parameter count and the SHA-256 of its file. A loaded model becomes the active one.

        Examples: `net = %model zoo shapes-cnn`, \
        `resnet = %model load resnet18.onnx --preset imagenet --labels imagenet.txt`, `%model info net`.
        """

    func run(_ arguments: Arguments, in environment: inout CommandEnvironment) async throws -> (any WorkspaceValue)? {
        switch try arguments.choice("action", from: ["zoo", "load", "info"]) {
        case "zoo":
            guard let requested = arguments.positional("what") else {
                throw WorkbenchError.missingArgument(command: self.name, argument: "a model name: " + ModelZoo.names.joined(separator: ", "))
            }
            let name = try Arguments.choose(requested, from: ModelZoo.available, command: self.name, option: "zoo")
            let source: ModelZoo.Source
            do {
                source = try ModelZoo.source(of: name)
            } catch {
                throw WorkbenchError.failed(command: self.name, reason: "\(error)")
            }
            let model = try environment.withProgress("loading \(name)") { progress in
                try Self.load(name: name, bytes: source.bytes, folder: nil, location: source.location, arguments: arguments,
                              command: self.name, progress: progress)
            }
            environment.workspace.activeModel = model
            return model
        case "load":
            guard let path = arguments.positional("what") else {
                throw WorkbenchError.missingArgument(command: self.name, argument: "the path of an .onnx file")
            }
            let url = URL(fileURLWithPath: (path as NSString).expandingTildeInPath)
            let model = try environment.withProgress("loading \(url.deletingPathExtension().lastPathComponent)") { progress in
                try Self.load(file: url, arguments: arguments, command: self.name, progress: progress)
            }
            environment.workspace.activeModel = model
            return model
        default:
            return try ModelCommand.model(named: arguments.positional("what"), in: environment.workspace, command: name)
        }
    }

    /// The ONNX file at `file` as a model named after it (`%model load`, and every model of `%backdoor scan --models`).
    static func load(file url: URL, arguments: Arguments, command: String, progress: Attribution.Progress) throws -> ModelValue {
        let bytes: Data
        do {
            bytes = try Data(contentsOf: url)
        } catch {
            throw WorkbenchError.failed(command: command, reason: "cannot read \(url.path): no such file or not readable")
        }
        // External data (the dynamo exporter's model.onnx.data) is read from the model's folder.
        return try load(name: url.deletingPathExtension().lastPathComponent, bytes: [UInt8](bytes), folder: url.deletingLastPathComponent(),
                        location: url.path, arguments: arguments, command: command, progress: progress)
    }

    private static func load(name: String, bytes: [UInt8], folder: URL?, location: String, arguments: Arguments, command: String,
                             progress: Attribution.Progress) throws -> ModelValue {
        let shape = try inputShape(arguments, command: command)
        // A ResNet-50 takes about a second: its nodes run once on probe inputs while they are imported.
        let imported = try ONNXModel.imported(fromBytes: bytes, folder: folder, inputShape: shape) { fraction in
            try progress.checkCancellation()
            progress.report(0.9 * fraction, "importing the graph")
        }
        progress.report(0.9, "counting the classes")
        let classes = try imported.network.classCount()
        let network = imported.network
        var labels = network.metadata["classes"]?.split(separator: ",").map(String.init) ?? []
        if let path = arguments.value("labels") {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw WorkbenchError.failed(command: command, reason: "cannot read the labels file \(path)")
            }
            labels = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        if labels.count != classes {
            guard arguments.value("labels") == nil else {
                throw WorkbenchError.failed(command: command,
                                            reason: "the labels file has \(labels.count) names, the model has \(classes) classes")
            }
            labels = (0..<classes).map { "class \($0)" }
        }
        let preset = arguments.value("preset") ?? network.metadata["preset"] ?? "unit"
        let normalization: Normalization
        do {
            normalization = try Normalization.preset(named: preset)
        } catch {
            throw WorkbenchError.invalidValue(command: command, option: "--preset", value: preset,
                                              expected: "unit, imagenet or symmetric")
        }
        let digest = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        return ModelValue(name: name, network: network, normalization: normalization, labels: labels, sha256: digest,
                          source: location, importSummary: imported.summary)
    }

    private static func inputShape(_ arguments: Arguments, command name: String) throws -> [Int]? {
        guard let text = arguments.value("size") else { return nil }
        let sides = text.lowercased().split(separator: "x").compactMap { Int($0) }
        guard sides.count == 2, sides.allSatisfy({ (1...4096).contains($0) }) else {
            throw WorkbenchError.invalidValue(command: name, option: "--size", value: text, expected: "HEIGHTxWIDTH such as 224x224")
        }
        return [-1, 3] + sides
    }

    /// The model named `name` in the workspace, or the active model.
    static func model(named name: String?, in workspace: Workspace, command: String) throws -> ModelValue {
        if let name {
            guard let model = try workspace.value(named: name) as? ModelValue else {
                throw WorkbenchError.failed(command: command, reason: "'\(name)' is not a model")
            }
            return model
        }
        guard let model = workspace.activeModel else {
            throw WorkbenchError.failed(command: command,
                                        reason: "no model is loaded: start with `net = %model zoo shapes-cnn` or `%model load FILE.onnx`")
        }
        return model
    }
}
