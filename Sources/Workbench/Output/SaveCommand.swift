import Foundation
import JupyterKernel
import Plotting
import Tensor

/// `%save VALUE PATH`: writes a value as a picture, an array or JSON, atomically, with a
/// provenance sidecar `PATH.json` beside pictures and arrays.
struct SaveCommand: Command {
    let name = "save"
    let summary = "Write a value to a file: .png .svg .npy .json .jsonl .csv, with a provenance sidecar; a set to a folder"
    let signature = CommandSignature(
        positionals: [.init("value", help: "a workspace value"), .init("path", help: "the file to write; its extension picks the format")],
        options: [.flag("force", help: "replace an existing file")])
    let details = """
        Maps: `.png`/`.svg` (as shown), `.npy` (the attribution, 1×C×H×W float32), `.json` (provenance). \
        Figures: `.png`, `.svg`, `.json` (the numbers shown) and `.npy`: %predict's probabilities (1 × classes), \
        %gridpg's scores (methods × cells), %eval's curves (maps × steps) or hits and energies (maps × 2), \
        %sanity's Spearman, SSIM and HOG rows (3 × layers), the maps of %agnostic and %backdoor. \
        Images: `.png`, `.npy`. Arrays: `.npy`, `.json`. Sweeps (`%gridpg`, `%eval … --images`, \
        `%sanity … --images`): `.jsonl` (one line per item and method: item index, pictures, labels, seed, \
        every metric, and per-item details; skipped items with their reason), `.csv` (the same as a table), \
        `.json` (the means with their intervals, the paired differences, the scores), `.png`/`.svg` (the \
        per-item distribution), `.npy` (methods × items of the first metric). A zoo's scan (`%backdoor scan \
        --models`): `.jsonl` (a line per model: verdict, target, score, the reading that fired, every class's \
        score, seed, the model's SHA-256; or its error), `.csv`, `.json`, `.png`/`.svg` (every model's score). A labelled set of images \
        saved to a path ending in `/` becomes a folder that `%data folder` reads: `images/CLASS/…png`, \
        their masks under `masks/`, the masks' boxes as Pascal VOC XML under `boxes/`, and `labels.csv`. \
        An explorer (`e = %explore img`): what its panel shows now.

        Beside every `.png`, `.svg` and `.npy` goes `PATH.json` with the provenance: model and image \
        SHA-256, method, every parameter, target, seed and version. Files are written to a temporary \
        name and renamed, so an interrupted save leaves no half-written file; an existing file is \
        kept unless `--force` is given. A sharded run (`saliency-kernel run --shard`) saves nothing: \
        `saliency-kernel merge` saves what one machine would have.

        Examples: `%save ig out/ig.png`, `%save ig out/ig.npy`, `%save scores out/gridpg.json`, \
        `%save scores out/gridpg.jsonl`, `%save scenes out/scenes/`.
        """

    func run(_ arguments: Arguments, in environment: inout CommandEnvironment) async throws -> (any WorkspaceValue)? {
        let valueName = arguments.positional("value") ?? ""
        let named = try environment.workspace.value(named: valueName)
        // A shard holds part of each sweep, and every shard runs the same `%save` lines into the same folders:
        // the merge writes them all, once, from the whole sweeps.
        if case .recording(let recorder)? = SweepSharding.current {
            environment.output.write("%save \(valueName): left to `saliency-kernel merge` (this run is \(recorder.shard))\n", to: .stderr)
            return nil
        }
        // An explorer saves what its panel shows now.
        let value = (named as? ExplorerValue)?.current ?? named
        let path = ((arguments.positional("path") ?? "") as NSString).expandingTildeInPath
        if path.hasSuffix("/"), let set = value as? ImageSetValue {
            let count = try SetFolderWriter(set: set, folder: URL(fileURLWithPath: path, isDirectory: true)).write(replacing: arguments.flag("force"))
            environment.output.write("saved \(count) pictures to \(arguments.positional("path") ?? path)\n", to: .stdout)
            return nil
        }
        let url = URL(fileURLWithPath: path)
        let format = url.pathExtension.lowercased()
        let (contents, provenance) = try encode(value, as: format, valueName: valueName)
        let sidecar = format != "json" && provenance != nil ? url.appendingPathExtension("json") : nil
        // Both files are checked before either is written: a refusal leaves neither half-replaced.
        if !arguments.flag("force"), let existing = ([url] + (sidecar.map { [$0] } ?? [])).first(where: {
            FileManager.default.fileExists(atPath: $0.path)
        }) {
            throw WorkbenchError.failed(command: name, reason: "\(existing.path) exists; add --force to replace it")
        }
        try write(contents, to: url)
        // Named as the user wrote them: a shared notebook should not show this machine's folders.
        var written = [path]
        if let sidecar, let provenance {
            try write(try JSONValue.object(provenance).encodedPretty(), to: sidecar)
            written.append(path + ".json")
        }
        environment.output.write("saved " + written.joined(separator: " and ") + "\n", to: .stdout)
        return nil
    }

    private func encode(_ value: any WorkspaceValue, as format: String, valueName: String) throws -> (Data, JSONObject?) {
        if let sweep = value as? SweepValue, let encoded = try sweep.encoded(as: format) { return encoded }
        if let zoo = value as? ZooScanValue, let encoded = try zoo.encoded(as: format) { return encoded }
        switch (value, format) {
        case (let map as MapValue, "png"): return (Data(try map.style.figure(for: map).png(scale: 2)), map.provenance)
        case (let map as MapValue, "svg"): return (Data(try map.style.figure(for: map).svg().utf8), map.provenance)
        case (let map as MapValue, "npy"): return (NumpyFormat.data(of: map.attribution), map.provenance)
        case (let map as MapValue, "json"): return (try JSONValue.object(map.provenance).encodedPretty(), nil)
        case (let figure as FigureValue, "png"): return (Data(try figure.figure.png(scale: 2)), figure.provenance)
        case (let figure as FigureValue, "svg"): return (Data(try figure.figure.svg().utf8), figure.provenance)
        case (let figure as FigureValue, "npy") where figure.array != nil: return (NumpyFormat.data(of: figure.array!), figure.provenance)
        case (let figure as FigureValue, "json"):
            // The numbers at the top level (a scan reads {"backdoored": …, "target": …, "scores": …}), so
            // results can be scored in bulk; where they came from beside them.
            return (try JSONValue.object(figure.data.merging(["provenance": .object(figure.provenance)]) { $1 }).encodedPretty(), nil)
        case (let image as ImageValue, "png"): return (Data(try image.picture().pngData()), image.provenance)
        case (let image as ImageValue, "npy"): return (NumpyFormat.data(of: image.tensor), image.provenance)
        case (let set as ImageSetValue, "png"): return (Data(try set.figure().png(scale: 2)), set.provenance)
        case (let set as ImageSetValue, "npy"): return (NumpyFormat.data(of: try set.images.batch()), set.provenance)
        case (let array as TensorValue, "npy"): return (NumpyFormat.data(of: array.tensor), array.provenance)
        case (let array as TensorValue, "json"):
            return (try JSONValue.object(["shape": .array(array.tensor.shape.map { .number(Double($0)) }),
                                          "values": .array(array.tensor.scalars.map { .number(Double($0)) }),
                                          "provenance": .object(array.provenance)]).encodedPretty(), nil)
        default:
            let formats: String
            switch value {
            case is MapValue: formats = ".png, .svg, .npy or .json"
            case let figure as FigureValue: formats = figure.array == nil ? ".png, .svg or .json" : ".png, .svg, .npy or .json"
            case is ImageValue: formats = ".png or .npy"
            case is ImageSetValue: formats = ".png or .npy, or a folder (a path ending in /)"
            case is SweepValue: formats = SweepValue.formats
            case is ZooScanValue: formats = ZooScanValue.formats
            case is TensorValue: formats = ".npy or .json"
            default: throw WorkbenchError.failed(command: name, reason: "a \(value.kind) cannot be saved; maps, figures, images, image sets, results and arrays can")
            }
            throw WorkbenchError.invalidValue(command: name, option: "path", value: format.isEmpty ? "(no extension)" : "." + format,
                                              expected: "\(formats) for the \(value.kind) '\(valueName)'")
        }
    }

    private func write(_ data: Data, to url: URL) throws {
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url, options: .atomic)
        } catch {
            throw WorkbenchError.failed(command: name, reason: "cannot write \(url.path): \(error.localizedDescription)")
        }
    }
}
