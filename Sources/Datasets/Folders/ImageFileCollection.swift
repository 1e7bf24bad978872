import Imaging
import Tensor

/// A labelled set of pictures on disk, indexed by `ImageFolderIndex` and read on demand: only the
/// index (paths and classes) lives in memory.
public struct ImageFileCollection: LabelledImages {
    /// The folder paths are relative to (the CSV's folder for a list).
    public var root: String
    public var files: [LabelledImageFile]
    /// Each file's class as an index into the classifier's classes.
    public var labels: [Int]
    public var limits: DecodingLimits

    public init(root: String, files: [LabelledImageFile], labels: [Int], limits: DecodingLimits = .standard) {
        precondition(files.count == labels.count, "one label per file")
        (self.root, self.files, self.labels, self.limits) = (root, files, labels, limits)
    }

    public var count: Int { files.count }
    public func label(at index: Int) -> Int? { labels[index] }
    public func name(at index: Int) -> String { files[index].path }

    public func sample(at index: Int, side: Int) throws -> LabelledSample {
        let (image, mask) = try files[index].sample(root: root, side: side, limits: limits)
        return LabelledSample(image: image, mask: mask, label: labels[index])
    }
}
