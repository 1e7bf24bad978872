import Datasets
import Foundation

/// `%data folder PATH`: a labelled set on disk, indexed with a progress bar, its classes matched to the model.
extension DataCommand {
    static let folderOptions: [CommandSignature.Option] = [
        .value("masks", "DIR", help: "folder: object masks (PNG) at each picture's path or by its name"),
        .value("boxes", "DIR", help: "folder: Pascal VOC boxes (XML) at each picture's path or by its name"),
        .value("on-error", "WHAT", default: "fail", help: "folder: skip or fail on a picture that cannot be read or a class the model does not know"),
        .value("model", "NAME", help: "folder: match the classes to this model's labels (default the active one)"),
    ]

    /// Options of one kind of data given to another are refused, not ignored.
    func refuseOptionsOfOtherKinds(_ kind: String, _ arguments: Arguments) throws {
        let shapesOnly = ["index", "classes", "split", "class", "seed", "count"]
        if let option = (kind == "folder" ? shapesOnly : Self.folderOptions.map(\.name)).first(where: arguments.given) {
            throw WorkbenchError.invalidValue(command: name, option: "--\(option)", value: kind,
                                              expected: kind == "folder" ? "a shapes or mosaic option, not one for a folder" : "an option of %data folder")
        }
        if kind != "folder", let path = arguments.positional("path") {
            throw WorkbenchError.unexpectedArgument(command: name, argument: path)
        }
    }

    func folder(_ arguments: Arguments, environment: CommandEnvironment) throws -> DatasetValue {
        guard let typed = arguments.positional("path") else {
            throw WorkbenchError.missingArgument(command: name, argument: "path (a folder of class folders, or a CSV list)")
        }
        let model = try ModelCommand.model(named: arguments.value("model"), in: environment.workspace, command: name)
        let policy = ErrorPolicy(rawValue: try arguments.choice("on-error", from: ErrorPolicy.allCases.map(\.rawValue)) ?? "fail")!
        let path = (typed as NSString).expandingTildeInPath
        let isList = (path as NSString).pathExtension.lowercased() == "csv"
        if isList, arguments.value("masks") != nil || arguments.value("boxes") != nil {
            throw WorkbenchError.failed(command: name, reason: "a CSV list names its masks and boxes in its own columns, not with --masks or --boxes")
        }
        let index = try environment.withProgress("indexing \(typed)") { progress in
            do {
                let report: (Double, String) throws -> Void = { fraction, stage in
                    try progress.checkCancellation()
                    progress.report(fraction, stage)
                }
                return isList ? try ImageFolderIndex(list: path, progress: report)
                    : try ImageFolderIndex(folder: path, masks: arguments.value("masks").map { ($0 as NSString).expandingTildeInPath },
                                           boxes: arguments.value("boxes").map { ($0 as NSString).expandingTildeInPath }, progress: report)
            } catch let error as DatasetError {
                throw WorkbenchError.failed(command: name, reason: error.description)
            }
        }
        if policy == .fail, let problem = index.problems.first {
            throw WorkbenchError.failed(command: name, reason: problem + (index.problems.count > 1 ? " (and \(index.problems.count - 1) more)" : "")
                + "; `--on-error skip` leaves such rows out")
        }
        var dataset = try DatasetValue.matching(index, to: model, source: typed, policy: policy, command: name)
        dataset.leftOut = index.problems + dataset.leftOut
        guard dataset.images.count > 0 else {
            throw WorkbenchError.failed(command: name, reason: "\(typed) holds no PNG or JPEG pictures the model's classes name")
        }
        if !dataset.leftOut.isEmpty {
            environment.output.write("%data folder left out \(dataset.leftOut.count): " + dataset.leftOut.prefix(5).joined(separator: "; ")
                + (dataset.leftOut.count > 5 ? "; …" : "") + "\n", to: .stderr)
        }
        return dataset
    }
}

extension DatasetValue {
    /// The indexed files with their classes matched to `model`'s labels; under `skip`, the files of
    /// unknown classes are left out and named.
    static func matching(_ index: ImageFolderIndex, to model: ModelValue, source: String, policy: ErrorPolicy,
                         command: String) throws -> DatasetValue {
        let matching = ClassMatching(index.files.map(\.className), model: model)
        if policy == .fail, !matching.unmatched.isEmpty {
            throw matching.error(kind: (source as NSString).pathExtension.lowercased() == "csv" ? "labels of the list" : "class folders",
                                 model: model, command: command)
        }
        let kept = index.files.filter { matching.indices[$0.className] != nil }
        let leftOut = matching.unmatched.map { name in
            let count = index.files.count { $0.className == name }
            return "class \(name) (\(count) picture\(count == 1 ? "" : "s")) matches no label of \(model.name)"
        }
        return DatasetValue(images: ImageFileCollection(root: index.root, files: kept, labels: kept.map { matching.indices[$0.className]! }),
                            source: source, labels: model.labels, onError: policy, leftOut: leftOut)
    }

    /// The set with its classes matched to `model`, which may have other labels than the one it was indexed for.
    func images(for model: ModelValue, command: String) throws -> ImageFileCollection {
        guard model.labels != labels else { return images }
        let index = ImageFolderIndex(root: images.root, files: images.files)
        return try Self.matching(index, to: model, source: source, policy: onError, command: command).images
    }
}
