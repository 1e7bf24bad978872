import Foundation
import Imaging
import Tensor

/// `%image load PATH`: a picture (PNG, JPEG) resized and normalized for the active model, or a
/// .npy array taken as it is (already preprocessed, 1×C×H×W or C×H×W float32).
struct ImageCommand: Command {
    let name = "image"
    let summary = "Load an image from a PNG, JPEG or .npy file for the active model"
    let signature = CommandSignature(
        positionals: [.init("action", help: "load"), .init("path", help: "a .png, .jpg or .npy file")],
        options: [
            .value("model", "NAME", help: "preprocess for this model (default the active one)"),
            .value("label", "CLASS", help: "the true class, if known (index or name)"),
            .value("item", "N", default: "0", help: ".npy batches: which image of the N×C×H×W array"),
        ])
    let details = """
        Pictures are resized (shorter side to the model's input size, then centre-cropped) and \
        normalized with the model's preset. `.npy` arrays are used exactly as given, for checking \
        results against other tools.

        Examples: `cat = %image load photos/cat.jpg`, `x = %image load batch.npy`.
        """

    func run(_ arguments: Arguments, in environment: inout CommandEnvironment) async throws -> (any WorkspaceValue)? {
        _ = try arguments.choice("action", from: ["load"])
        let model = try ModelCommand.model(named: arguments.value("model"), in: environment.workspace, command: name)
        let path = ((arguments.positional("path") ?? "") as NSString).expandingTildeInPath
        let source = URL(fileURLWithPath: path).lastPathComponent + (arguments.value("item").map { $0 == "0" ? "" : " #\($0)" } ?? "")
        let label = try arguments.value("label").map { try model.classIndex($0, command: name, option: "--label") }
        let tensor: Tensor
        do {
            if path.lowercased().hasSuffix(".npy") {
                var array = try NumpyFormat.tensor(from: try Data(contentsOf: URL(fileURLWithPath: path)))
                if array.rank == 3 { array = try array.reshaped([1] + array.shape) }
                let item = Int(try arguments.number("item", range: 0...1e9) ?? 0)
                guard array.rank == 4, item < array.shape[0] else {
                    throw TensorError.invalidArgument("expected images N×C×H×W or C×H×W with at least \(item + 1) of them, got shape \(array.shape)")
                }
                tensor = try array.batch(item..<(item + 1))
            } else {
                let picture = try Image(contentsOfFile: path)
                let side = model.inputShape.count == 3 ? model.inputShape[1] : 224
                let preprocessing = Preprocessing(resizeShorterSide: side, cropSize: side, normalization: model.normalization)
                let prepared = try preprocessing.tensor(from: picture)
                tensor = prepared.rank == 3 ? try prepared.reshaped([1] + prepared.shape) : prepared
            }
        } catch let error as WorkbenchError {
            throw error
        } catch {
            throw WorkbenchError.failed(command: name, reason: "cannot load \(path): \(error)")
        }
        return ImageValue(tensor: tensor, normalization: model.normalization, source: source, label: label,
                          labelName: label.map { model.labels[$0] })
    }
}
