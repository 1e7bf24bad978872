import Datasets
import Imaging
import JupyterKernel

/// `%data shapes …`: a scene of the embedded shapes data set, with its class and object mask;
/// `%data mosaic …`: a GridPG mosaic of such scenes; `%data folder PATH`: a labelled set on disk.
struct DataCommand: Command {
    let name = "data"
    static let mosaicClasses = "circle,square,triangle,star"
    let summary = "Take an image of the embedded shapes data set (with its class and object mask), a mosaic of them, or a labelled folder"
    let signature = CommandSignature(
        positionals: [.init("dataset", help: "shapes (one scene), mosaic (G×G scenes of distinct classes, as %gridpg uses) "
                                + "or folder (your labelled pictures)"),
                      .init("path", help: "folder: an ImageFolder layout (PATH/CLASS/picture.jpg) or a CSV list (file,label[,mask][,box])",
                            isOptional: true)],
        options: [
            .value("index", "N", default: "0", help: "which scene; with --class, the N-th scene of that class"),
            .value("classes", "NAMES", default: DataCommand.mosaicClasses,
                   help: "mosaic: its cells' classes, row by row (4 or 9 distinct ones); each cell is the --index-th scene of its class"),
            .value("split", "SPLIT", default: "test", help: "train, validation or test"),
            .value("class", "NAME", help: "a scene of this class: " + ShapeClass.allCases.map(\.name).joined(separator: ", ")),
            .value("seed", "N", default: String(ShapesDataset.defaultSeed), help: "the data set's seed"),
            .value("count", "N", help: "a set of N scenes from --index on (of --class, if given), for %compare"),
        ] + DataCommand.folderOptions)
    let details = """
        The shapes scenes are 64×64 pictures of one of ten shapes over clutter, generated from a seed: \
        scene N of a split is the same on every machine. Scene N is of class N mod 10.

        A mosaic puts G×G scenes side by side at full size (128×128 for 2×2). Maps of it come from the \
        same model: a fully convolutional one takes the larger image as it is, shapes-vit with its \
        position embeddings resampled.

        `%data folder PATH` indexes your labelled pictures without reading them: PATH/CLASS/…/picture.jpg \
        (torchvision's ImageFolder layout; PNG and JPEG, classes and files in name order), or a CSV list \
        `file,label[,mask][,box]` (paths relative to it; a header row may name and order the columns). \
        Class names are matched to the model's labels (ignoring case and the difference between `_`, \
        `-` and spaces) or taken as class indices; names that match nothing are listed in one error. \
        Masks are PNG files the picture's size, the object wherever they are not black; boxes are Pascal \
        VOC XML files, as ImageNet's validation boxes come. `--masks DIR` and `--boxes DIR` find them at \
        the picture's path in DIR or, for a flat folder, by its name. Pictures are decoded only when a \
        sweep reaches them (`%gridpg --images`, `%eval … --images`, `%sanity … --images`), resized and \
        cropped as `%image load` does, their masks alike.

        Examples: `img = %data shapes --index 7`, `star = %data shapes --class star --index 2`, \
        `stars = %data shapes --class star --count 8`, `m = %data mosaic --classes star,ring,cross,arrow`, \
        `photos = %data folder photos/ --masks masks/`, `val = %data folder val.csv --on-error skip`.
        """

    func run(_ arguments: Arguments, in environment: inout CommandEnvironment) async throws -> (any WorkspaceValue)? {
        guard let kind = try arguments.choice("dataset", from: ["shapes", "mosaic", "folder"]) else {
            throw WorkbenchError.missingArgument(command: name, argument: "a data set: shapes, mosaic or folder")
        }
        try refuseOptionsOfOtherKinds(kind, arguments)
        if kind == "folder" { return try folder(arguments, environment: environment) }
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
