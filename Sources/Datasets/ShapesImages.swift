import Imaging
import Tensor

/// The scenes of one split of the shapes data set as a labelled set, with their masks.
public struct ShapesImages: LabelledImages {
    public var dataset: ShapesDataset
    public var split: Split

    public init(dataset: ShapesDataset = ShapesDataset(), split: Split = .test) {
        self.dataset = dataset
        self.split = split
    }

    public var count: Int { dataset.count(of: split) }

    public func label(at index: Int) -> Int? { index % ShapesDataset.classCount }

    public func name(at index: Int) -> String {
        "shapes \(split.rawValue) #\(index)" + (dataset.seed == ShapesDataset.defaultSeed ? "" : " seed \(dataset.seed)")
    }

    public func sample(at index: Int, side: Int) throws -> LabelledSample {
        let scene = try dataset.scene(index, split: split)
        let framing = Preprocessing.square(side)
        return LabelledSample(image: try framing.framed(scene.image), mask: try framing.framed(scene.mask).thresholded(),
                              label: scene.label.rawValue)
    }
}
