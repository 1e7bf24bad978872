import Datasets
import Imaging
import JupyterKernel
import Tensor

/// A picture a sweep could not read (a corrupt file, a mask of another size), named.
struct UnreadableItem: Error {
    var name: String
    var reason: String
}

/// The pictures a sweep reads: a set on disk (`%data folder`), in memory (`%data shapes --count`, `%image
/// load FOLDER/`) or the embedded shapes scenes, made ready for a model one at a time.
struct SweepImages {
    let images: any LabelledImages
    /// For captions: "photos/", "shapes test".
    let source: String
    let policy: ErrorPolicy
    let provenance: JSONObject

    /// The set named `name` in the workspace, its classes matched to `model`.
    init(named name: String, in workspace: Workspace, for model: ModelValue, command: String) throws {
        switch try workspace.value(named: name) {
        case let dataset as DatasetValue:
            images = try dataset.images(for: model, command: command)
            (source, policy, provenance) = (dataset.source, dataset.onError, dataset.provenance)
        case let set as ImageSetValue:
            images = InMemoryImages(images: set.images)
            (source, policy) = (set.source, .fail)
            provenance = ["images": .array(set.images.map { .string($0.tensor.sha256) }), "folder": .string(set.source)]
        case let image as ImageValue:
            images = InMemoryImages(images: [image])
            (source, policy, provenance) = (image.source, .fail, image.provenance)
        case let other:
            throw WorkbenchError.failed(command: command, reason: "'\(name)' is a \(other.kind), not a set of images "
                + "(make one with %data folder, %data shapes --count or %image load FOLDER/)")
        }
    }

    /// The embedded shapes scenes of `split`.
    init(shapes split: Split) {
        images = ShapesImages(split: split)
        (source, policy, provenance) = ("shapes \(split.rawValue)", .fail, ["images": .string("shapes \(split.rawValue)")])
    }

    var count: Int { images.count }

    /// Item `index` at `side`×`side`, in [0, 1], with its mask.
    func sample(at index: Int, side: Int) throws -> LabelledSample {
        do {
            return try images.sample(at: index, side: side)
        } catch let error as ImagingError {
            throw UnreadableItem(name: images.name(at: index), reason: error.description)
        } catch let error as DatasetError {
            throw UnreadableItem(name: images.name(at: index), reason: error.description)
        }
    }

    /// Item `index` as `model` takes it: normalized, 1×3×S×S, with its class and mask.
    func image(at index: Int, for model: ModelValue, side: Int) throws -> ImageValue {
        let sample = try sample(at: index, side: side)
        return try Self.image(sample.image, name: images.name(at: index), label: sample.label, mask: sample.mask, for: model)
    }

    /// A picture in [0, 1] (3×H×W) as `model` takes it.
    static func image(_ picture: Tensor, name: String, label: Int?, mask: Tensor?, for model: ModelValue) throws -> ImageValue {
        ImageValue(tensor: try model.normalization.applied(to: try picture.reshaped([1] + picture.shape)), normalization: model.normalization,
                   source: name, label: label, labelName: label.map { model.labels.indices.contains($0) ? model.labels[$0] : "class \($0)" },
                   mask: mask)
    }
}

/// Images already in memory as a labelled set.
struct InMemoryImages: LabelledImages {
    let images: [ImageValue]

    var count: Int { images.count }
    func label(at index: Int) -> Int? { images[index].label }
    func name(at index: Int) -> String { images[index].source }

    func sample(at index: Int, side: Int) throws -> LabelledSample {
        let image = images[index]
        let framing = Preprocessing.square(side)
        let picture = try framing.framed(try image.normalization.inverted(image.tensor))
        return LabelledSample(image: try picture.reshaped(Array(picture.shape.dropFirst())),
                              mask: try image.mask.map { try framing.framed($0).thresholded() }, label: image.label)
    }
}
