import Datasets
import Imaging
import JupyterKernel

/// `%data shapes …`: a scene of the embedded shapes data set, with its class and object mask;
/// `%data mosaic …`: a GridPG mosaic of such scenes.
struct DataCommand: Command {
    let name = "data"
    static let mosaicClasses = "circle,square,triangle,star"
    let summary = "Take an image of the embedded shapes data set (with its class and object mask), or a mosaic of them"
    let signature = CommandSignature(
        positionals: [.init("dataset", help: "shapes (one scene) or mosaic (G×G scenes of distinct classes, as %gridpg uses)")],
        options: [
            .value("index", "N", default: "0", help: "which scene; with --class, the N-th scene of that class"),
            .value("classes", "NAMES", default: DataCommand.mosaicClasses,
                   help: "mosaic: its cells' classes, row by row (4 or 9 distinct ones); each cell is the --index-th scene of its class"),
            .value("split", "SPLIT", default: "test", help: "train, validation or test"),
            .value("class", "NAME", help: "a scene of this class: " + ShapeClass.allCases.map(\.name).joined(separator: ", ")),
            .value("seed", "N", default: String(ShapesDataset.defaultSeed), help: "the data set's seed"),
            .value("count", "N", help: "a set of N scenes from --index on (of --class, if given), for %compare"),
        ])
    let details = """
        The shapes scenes are 64×64 pictures of one of ten shapes over clutter, generated from a seed: \
        scene N of a split is the same on every machine. Scene N is of class N mod 10.

        A mosaic puts G×G scenes side by side at full size (128×128 for 2×2). Maps of it come from the \
        same model: a fully convolutional one takes the larger image as it is, shapes-vit with its \
        position embeddings resampled.

        Examples: `img = %data shapes --index 7`, `star = %data shapes --class star --index 2`, \
        `stars = %data shapes --class star --count 8`, `m = %data mosaic --classes star,ring,cross,arrow`.
        """

    func run(_ arguments: Arguments, in environment: inout CommandEnvironment) async throws -> (any WorkspaceValue)? {
        guard let kind = try arguments.choice("dataset", from: ["shapes", "mosaic"]) else {
            throw WorkbenchError.missingArgument(command: name, argument: "a data set: shapes or mosaic")
        }
        let index = Int(try arguments.number("index", range: 0...1e9) ?? 0)
        let seed = UInt64(try arguments.number("seed", range: 0...9e15) ?? Double(ShapesDataset.defaultSeed))
        let split = try Split(named: arguments.value("split") ?? "test")
        let suffix = seed == ShapesDataset.defaultSeed ? "" : " seed \(seed)"
        if kind == "mosaic" { return try mosaic(arguments, index: index, split: split, seed: seed, suffix: suffix) }
        let dataset = ShapesDataset(seed: seed)
        let classIndex = try arguments.value("class").map { try ShapeClass(named: $0).rawValue }
        let scenes = try (0..<Int(try arguments.number("count", range: 1...Double(ImageSetValue.maximumCount)) ?? 1)).map { offset in
            let sceneIndex = classIndex.map { $0 + ShapesDataset.classCount * (index + offset) } ?? index + offset
            let scene = try dataset.scene(sceneIndex, split: split)
            return ImageValue(
                tensor: try scene.image.reshaped([1] + scene.image.shape), normalization: .unit,
                source: "shapes \(split.rawValue) #\(sceneIndex)" + suffix,
                label: scene.label.rawValue, labelName: scene.label.name, mask: scene.mask)
        }
        guard arguments.value("count") != nil else { return scenes[0] }
        return ImageSetValue(images: scenes, source: "shapes \(split.rawValue)")
    }

    private func mosaic(_ arguments: Arguments, index: Int, split: Split, seed: UInt64, suffix: String) throws -> ImageValue {
        let classes = try (arguments.value("classes") ?? Self.mosaicClasses).split(separator: ",")
            .map { try ShapeClass(named: String($0)) }
        let gridSize = Int(Double(classes.count).squareRoot().rounded())
        guard [4, 9].contains(classes.count), Set(classes).count == classes.count else {
            throw WorkbenchError.failed(command: name, reason: "a mosaic takes 4 or 9 distinct classes, given \(classes.map(\.name))")
        }
        let builder = MosaicBuilder(dataset: ShapesDataset(seed: seed), gridSize: gridSize, split: split)
        let mosaic = try builder.mosaic(sceneIndices: classes.map { $0.rawValue + ShapesDataset.classCount * index })
        return ImageValue(tensor: try mosaic.image.reshaped([1] + mosaic.image.shape), normalization: .unit,
                          source: "shapes \(split.rawValue) mosaic of \(classes.map(\.name).joined(separator: ", ")) #\(index)" + suffix)
    }
}
