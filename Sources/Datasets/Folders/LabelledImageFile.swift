import Foundation
import Imaging
import Tensor

/// One picture of a labelled set on disk: its file, its class as the folder or the CSV names it, and
/// where its object mask (a PNG) or its boxes (Pascal VOC XML) are, when known. Paths are relative to
/// the set's root unless absolute.
public struct LabelledImageFile: Sendable, Hashable {
    public var path: String
    public var className: String
    public var mask: String?
    public var boxes: String?

    public init(path: String, className: String, mask: String? = nil, boxes: String? = nil) {
        (self.path, self.className, self.mask, self.boxes) = (path, className, mask, boxes)
    }

    /// The picture at `side`×`side` and its object mask, framed alike. A mask must be the picture's
    /// size, and boxes must have been made for it (when the file declares a size); boxes of objects named
    /// as this file's class count, or every box when no object carries that name (ImageNet's validation
    /// files name WordNet ids, which a model's labels seldom are).
    public func sample(root: String, side: Int, limits: DecodingLimits = .standard) throws -> (image: Tensor, mask: Tensor?) {
        let picture = try Image(contentsOfFile: Self.resolved(path, in: root), limits: limits)
        let framing = Preprocessing.square(side)
        let image = try framing.framed(picture.tensor()).reshaped([3, side, side])
        var object: [Float]?
        if let mask {
            let pixels = try Image(contentsOfFile: Self.resolved(mask, in: root), limits: limits)
            guard pixels.width == picture.width, pixels.height == picture.height else {
                throw DatasetError.invalidArgument("the mask \(mask) is \(pixels.width)×\(pixels.height) but its picture \(path) is "
                    + "\(picture.width)×\(picture.height)")
            }
            object = Self.nonBlack(pixels)
        }
        if let boxes {
            let annotation = try VOCAnnotation(xml: try Self.bytes(Self.resolved(boxes, in: root)))
            if let width = annotation.width, let height = annotation.height, (width, height) != (picture.width, picture.height) {
                throw DatasetError.invalidArgument("the boxes \(boxes) were made for a \(width)×\(height) picture but \(path) is "
                    + "\(picture.width)×\(picture.height)")
            }
            let named = annotation.objects.filter { $0.name == className }
            let covered = Self.raster(of: (named.isEmpty ? annotation.objects : named).map(\.pixels),
                                      width: picture.width, height: picture.height)
            object = object.map { zip($0, covered).map { max($0, $1) } } ?? covered
        }
        let framed = try object.map {
            try framing.framed(try Tensor(shape: [1, picture.height, picture.width], scalars: $0)).thresholded()
        }
        return (image, framed)
    }

    static func resolved(_ path: String, in root: String) -> String {
        path.hasPrefix("/") ? path : (root as NSString).appendingPathComponent(path)
    }

    static func bytes(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else { throw ImagingError.io("cannot read \(path)") }
        return [UInt8](data)
    }

    /// 1 wherever the mask is not black (a binary mask saved as 0/1 or 0/255, or a coloured one).
    static func nonBlack(_ mask: Image) -> [Float] {
        let channels = mask.layout.hasAlpha ? mask.layout.channelCount - 1 : mask.layout.channelCount
        return (0..<(mask.width * mask.height)).map { pixel in
            (0..<channels).contains { mask.pixels[pixel * mask.layout.channelCount + $0] > 0 } ? 1 : 0
        }
    }

    /// 1 inside any of the boxes, clipped to the picture.
    static func raster(of boxes: [PixelBox], width: Int, height: Int) -> [Float] {
        var raster = [Float](repeating: 0, count: width * height)
        for box in boxes {
            for row in max(0, box.top)..<max(max(0, box.top), min(height, box.bottom)) {
                for column in max(0, box.left)..<max(max(0, box.left), min(width, box.right)) { raster[row * width + column] = 1 }
            }
        }
        return raster
    }
}
