import Tensor

/// The usual classifier input pipeline: resize so the shorter side is `resizeShorterSide`,
/// crop the centre `cropSize × cropSize`, scale to [0, 1] and normalize. For ImageNet models
/// torchvision's `Resize(256), CenterCrop(224), Normalize(imagenet)` is `Preprocessing()`.
public struct Preprocessing: Sendable, Equatable {
    public var resizeShorterSide: Int?
    public var cropSize: Int?
    public var normalization: Normalization

    public init(resizeShorterSide: Int? = 256, cropSize: Int? = 224, normalization: Normalization = .imagenet) {
        self.resizeShorterSide = resizeShorterSide
        self.cropSize = cropSize
        self.normalization = normalization
    }

    /// The network input (`1×3×H×W`) for `image`.
    public func tensor(from image: Image) throws -> Tensor {
        try normalization.applied(to: try framed(image.tensor()))
    }

    /// The resizing and cropping alone, on any `…×H×W` tensor: a picture in [0, 1], or an object mask
    /// that must cover the same pixels as its picture.
    public func framed(_ pixels: Tensor) throws -> Tensor {
        var pixels = pixels
        let (inputHeight, inputWidth) = (pixels.shape[pixels.rank - 2], pixels.shape[pixels.rank - 1])
        if let side = resizeShorterSide {
            guard side > 0 else { throw ImagingError.invalidArgument("resize size must be positive, not \(side)") }
            let (height, width) = inputWidth < inputHeight
                ? (max(1, Int((Double(side) * Double(inputHeight) / Double(inputWidth)))), side)
                : (side, max(1, Int((Double(side) * Double(inputWidth) / Double(inputHeight)))))
            pixels = try pixels.resizedBilinear(height: height, width: width)
        }
        if let crop = cropSize {
            pixels = try pixels.centerCropped(height: crop, width: crop)
        }
        return pixels
    }
}
