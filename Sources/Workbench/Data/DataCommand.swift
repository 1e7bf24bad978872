import Datasets
import Imaging
import JupyterKernel

/// `%data shapes …`: a scene of the embedded shapes data set, with its class and object mask.
struct DataCommand: Command {
    let name = "data"
    let summary = "Take an image of the embedded shapes data set (with its class and object mask)"
    let signature = CommandSignature(
        positionals: [.init("dataset", help: "the data set: shapes")],
        options: [
            .value("index", "N", default: "0", help: "which scene; with --class, the N-th scene of that class"),
            .value("split", "SPLIT", default: "test", help: "train, validation or test"),
            .value("class", "NAME", help: "a scene of this class: " + ShapeClass.allCases.map(\.name).joined(separator: ", ")),
            .value("seed", "N", default: String(ShapesDataset.defaultSeed), help: "the data set's seed"),
            .value("count", "N", help: "a set of N scenes from --index on (of --class, if given), for %compare"),
        ])
    let details = """
        The shapes scenes are 64×64 pictures of one of ten shapes over clutter, generated from a seed: \
        scene N of a split is the same on every machine. Scene N is of class N mod 10.

        Examples: `img = %data shapes --index 7`, `star = %data shapes --class star --index 2`, \
        `stars = %data shapes --class star --count 8`.
        """

    func run(_ arguments: Arguments, in environment: inout CommandEnvironment) async throws -> (any WorkspaceValue)? {
        guard try arguments.choice("dataset", from: ["shapes"]) != nil else {
            throw WorkbenchError.missingArgument(command: name, argument: "a data set: shapes")
        }
        let index = Int(try arguments.number("index", range: 0...1e9) ?? 0)
        let seed = UInt64(try arguments.number("seed", range: 0...9e15) ?? Double(ShapesDataset.defaultSeed))
        let split = try Split(named: arguments.value("split") ?? "test")
        let dataset = ShapesDataset(seed: seed)
        let classIndex = try arguments.value("class").map { try ShapeClass(named: $0).rawValue }
        let scenes = try (0..<Int(try arguments.number("count", range: 1...Double(ImageSetValue.maximumCount)) ?? 1)).map { offset in
            let sceneIndex = classIndex.map { $0 + ShapesDataset.classCount * (index + offset) } ?? index + offset
            let scene = try dataset.scene(sceneIndex, split: split)
            return ImageValue(
                tensor: try scene.image.reshaped([1] + scene.image.shape), normalization: .unit,
                source: "shapes \(split.rawValue) #\(sceneIndex)" + (seed == ShapesDataset.defaultSeed ? "" : " seed \(seed)"),
                label: scene.label.rawValue, labelName: scene.label.name, mask: scene.mask)
        }
        guard arguments.value("count") != nil else { return scenes[0] }
        return ImageSetValue(images: scenes, source: "shapes \(split.rawValue)")
    }
}
