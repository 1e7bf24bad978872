import Foundation
import Imaging
import Tensor

/// `%image load PATH`: a picture (PNG, JPEG) resized and normalized for the active model, a .npy
/// array taken as it is (already preprocessed, 1×C×H×W or C×H×W float32), or every picture of a folder.
struct ImageCommand: Command {
    let name = "image"
    let summary = "Load an image from a PNG, JPEG or .npy file, or every picture of a folder, for the active model"
    let signature = CommandSignature(
        positionals: [.init("action", help: "load"), .init("path", help: "a .png, .jpg or .npy file, or a folder of pictures")],
        options: [
            .value("model", "NAME", help: "preprocess for this model (default the active one)"),
            .value("label", "CLASS", help: "the true class, if known (index or name)"),
            .value("item", "N", help: ".npy batches: only this image of the N×C×H×W array (default all, as a set)"),
        ])
    let details = """
        Pictures are resized (shorter side to the model's input size, then centre-cropped) and \
        normalized with the model's preset. `.npy` arrays are used exactly as given, for checking \
        results against other tools; an array of several images gives a set. A folder gives a set \
        of its PNG and JPEG pictures in name order (at most \(ImageSetValue.maximumCount)), which `%compare` \
        takes whole.

        Examples: `cat = %image load photos/cat.jpg`, `x = %image load batch.npy`, `pets = %image load photos/`.
        """

    private static let pictureExtensions: Set<String> = ["png", "jpg", "jpeg"]

    func run(_ arguments: Arguments, in environment: inout CommandEnvironment) async throws -> (any WorkspaceValue)? {
        _ = try arguments.choice("action", from: ["load"])
        let model = try ModelCommand.model(named: arguments.value("model"), in: environment.workspace, command: name)
        let path = ((arguments.positional("path") ?? "") as NSString).expandingTildeInPath
        let label = try arguments.value("label").map { try model.classIndex($0, command: name, option: "--label") }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            return try folder(path, model: model, label: label, environment: environment)
        }
        let file = URL(fileURLWithPath: path).lastPathComponent
        guard path.lowercased().hasSuffix(".npy") else {
            return image(try loading(path) { try picture(path, for: model) }, source: file, model: model, label: label)
        }
        let item = try arguments.number("item", range: 0...1e9).map { Int($0) }
        let array = try loading(path) {
            var array = try NumpyFormat.tensor(from: try Data(contentsOf: URL(fileURLWithPath: path)))
            if array.rank == 3 { array = try array.reshaped([1] + array.shape) }
            guard array.rank == 4, (item ?? 0) < array.shape[0] else {
                throw TensorError.invalidArgument("expected images N×C×H×W or C×H×W with at least \((item ?? 0) + 1) of them, got shape \(array.shape)")
            }
            return array
        }
        let items = item.map { [$0] } ?? Array(0..<array.shape[0])
        let images = try items.map { index in
            image(try array.batch(index..<(index + 1)), source: file + (array.shape[0] > 1 ? " #\(index)" : ""), model: model, label: label)
        }
        return images.count == 1 ? images[0] : ImageSetValue(images: images, source: file)
    }

    private func folder(_ path: String, model: ModelValue, label: Int?, environment: CommandEnvironment) throws -> ImageSetValue {
        let files = try loading(path) {
            try FileManager.default.contentsOfDirectory(atPath: path)
                .filter { Self.pictureExtensions.contains(URL(fileURLWithPath: $0).pathExtension.lowercased()) }
                .sorted()
        }
        guard !files.isEmpty else {
            throw WorkbenchError.failed(command: name, reason: "\(path) holds no PNG or JPEG pictures")
        }
        guard files.count <= ImageSetValue.maximumCount else {
            throw WorkbenchError.failed(command: name, reason: "\(path) holds \(files.count) pictures; a folder load takes at most "
                + "\(ImageSetValue.maximumCount): split it into smaller folders")
        }
        let images = try environment.withProgress("loading \(files.count) pictures") { progress in
            try files.enumerated().map { position, file in
                try progress.checkCancellation()
                let filePath = (path as NSString).appendingPathComponent(file)
                defer { progress.report(Double(position + 1) / Double(files.count), file) }
                return image(try loading(filePath) { try picture(filePath, for: model) }, source: file, model: model, label: label)
            }
        }
        return ImageSetValue(images: images, source: URL(fileURLWithPath: path).lastPathComponent + "/")
    }

    private func picture(_ path: String, for model: ModelValue) throws -> Tensor {
        let picture = try Image(contentsOfFile: path)
        let side = model.inputShape.count == 3 ? model.inputShape[1] : 224
        let preprocessing = Preprocessing(resizeShorterSide: side, cropSize: side, normalization: model.normalization)
        let prepared = try preprocessing.tensor(from: picture)
        return prepared.rank == 3 ? try prepared.reshaped([1] + prepared.shape) : prepared
    }

    private func image(_ tensor: Tensor, source: String, model: ModelValue, label: Int?) -> ImageValue {
        ImageValue(tensor: tensor, normalization: model.normalization, source: source, label: label,
                   labelName: label.map { model.labels[$0] })
    }

    /// `body`'s result, its failures reported as this command's, naming the path.
    private func loading<Result>(_ path: String, _ body: () throws -> Result) throws -> Result {
        do {
            return try body()
        } catch let error as WorkbenchError {
            throw error
        } catch {
            throw WorkbenchError.failed(command: name, reason: "cannot load \(path): \(error)")
        }
    }
}
