import Tensor

/// How a layer's output lays its places out over the image, so that a CAM can read any layer as
/// N×C×h×w — what pytorch-grad-cam's `reshape_transform` does by hand for Swin and ViT.
public enum SpatialLayout: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// N×C×h×w, as convolutions write.
    case channelsFirst
    /// N×h×w×C, as Swin keeps its stages and ConvNeXt its blocks between permutes.
    case channelsLast
    /// N×L×C with L = prefix + h·w: a transformer's tokens, the first `prefix` of them (class,
    /// distillation, register tokens) without a place.
    case tokens(prefix: Int)

    public var description: String {
        switch self {
        case .channelsFirst: "N×C×h×w"
        case .channelsLast: "N×h×w×C"
        case .tokens(let prefix): prefix == 0 ? "N×(h·w)×C tokens" : "N×(\(prefix)+h·w)×C tokens"
        }
    }

    /// Class tokens and their like: more than this many is not a layout any classifier uses.
    static let maximumPrefix = 8

    /// The layout of a tensor of `shape` in a pass of batch `batch`, when its places form one of the
    /// `grids` (h, w) the network makes of the image; nil when the tensor has no such places.
    /// Channels first wins where both readings fit (an N×7×7×7 tensor).
    static func inferred(for shape: [Int], batch: Int, grids: Set<Grid>) -> SpatialLayout? {
        guard shape.first == batch else { return nil }
        let isPlace = { (grid: Grid) in grid.height * grid.width > 1 && grids.contains(grid) }
        if shape.count == 4 {
            if isPlace(Grid(height: shape[2], width: shape[3])) { return .channelsFirst }
            if isPlace(Grid(height: shape[1], width: shape[2])) { return .channelsLast }
        }
        if shape.count == 3 {
            for prefix in 0...maximumPrefix where shape[1] > prefix {
                if grids.contains(where: { isPlace($0) && $0.height * $0.width == shape[1] - prefix }) { return .tokens(prefix: prefix) }
            }
        }
        return nil
    }

    /// The grid of a tensor in this layout for an image of `height`×`width`: token counts are split
    /// into rows and columns in the image's aspect ratio.
    func grid(of shape: [Int], imageHeight height: Int, imageWidth width: Int) throws -> Grid {
        switch self {
        case .channelsFirst where shape.count == 4: return Grid(height: shape[2], width: shape[3])
        case .channelsLast where shape.count == 4: return Grid(height: shape[1], width: shape[2])
        case .tokens(let prefix) where shape.count == 3 && shape[1] > prefix:
            let places = shape[1] - prefix
            let rows = Int((Double(places) * Double(height) / Double(max(width, 1))).squareRoot().rounded())
            guard rows > 0, places % rows == 0 else {
                throw AttributionError.shapeMismatch("\(places) tokens do not form a grid in a \(height)×\(width) image's proportions")
            }
            return Grid(height: rows, width: places / rows)
        default:
            throw AttributionError.shapeMismatch("a tensor of shape \(shape) is not \(self)")
        }
    }

    /// The tensor as N×C×h×w: prefix tokens dropped, channels moved to the front.
    func channelsFirst(_ tensor: Tensor, imageHeight: Int, imageWidth: Int) throws -> Tensor {
        let grid = try grid(of: tensor.shape, imageHeight: imageHeight, imageWidth: imageWidth)
        let count = tensor.shape[0]
        switch self {
        case .channelsFirst:
            return tensor
        case .channelsLast:
            return try tensor.transposed([0, 3, 1, 2])
        case .tokens(let prefix):
            let places = try tensor.sliced([AxisSlice(axis: 1, start: prefix, end: tensor.shape[1])])
            return try places.transposed([0, 2, 1]).reshaped([count, tensor.shape[2], grid.height, grid.width])
        }
    }
}

/// Rows and columns of places.
public struct Grid: Sendable, Hashable {
    public var height: Int
    public var width: Int
}
