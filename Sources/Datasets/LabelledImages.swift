import Imaging
import Tensor

/// One labelled picture, prepared for a classifier's input size.
public struct LabelledSample: Sendable {
    /// 3×S×S, RGB in [0, 1].
    public var image: Tensor
    /// 1×S×S: 1 on the object, 0 elsewhere; nil when the set knows no mask or boxes for it.
    public var mask: Tensor?
    public var label: Int?

    public init(image: Tensor, mask: Tensor?, label: Int?) {
        (self.image, self.mask, self.label) = (image, mask, label)
    }
}

/// Labelled pictures in a fixed order, read one at a time: a folder of 50 000 photos is indexed, never
/// held in memory. Labels are known without reading a picture, so that mosaics can be planned and
/// sets counted before anything is decoded.
public protocol LabelledImages: Sendable {
    var count: Int { get }
    /// The class of item `index` (an index into the classifier's classes), nil when unknown.
    func label(at index: Int) -> Int?
    /// What people and provenance call item `index`: its file's path in the set, "shapes test #7".
    func name(at index: Int) -> String
    /// Item `index` at `side`×`side`: its shorter side resized to `side`, then centre-cropped, as
    /// `%image load` prepares a picture; its mask the same way.
    func sample(at index: Int, side: Int) throws -> LabelledSample
}

extension Preprocessing {
    /// A picture or mask framed for a square input of `side`.
    public static func square(_ side: Int) -> Preprocessing {
        Preprocessing(resizeShorterSide: side, cropSize: side, normalization: .unit)
    }
}

extension Tensor {
    /// A resized mask made binary again: a pixel is on the object where at least half of it was.
    public func thresholded() -> Tensor {
        var mask = self
        for index in mask.scalars.indices { mask.scalars[index] = mask.scalars[index] >= 0.5 ? 1 : 0 }
        return mask
    }
}
