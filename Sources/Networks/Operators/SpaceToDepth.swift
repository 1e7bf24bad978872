import Tensor

/// Moves each blockSize × blockSize spatial block into the channels, as (block row, block column,
/// channel): the inverse of DepthToSpace in DCR order.
public struct SpaceToDepth: BlockRearrangement {
    public var blockSize: Int
    public init(blockSize: Int) { self.blockSize = blockSize }
    public var type: String { "SpaceToDepth" }

    public func layout(_ shape: [Int]) throws -> (split: [Int], permutation: [Int], output: [Int]) {
        let (n, c, h, w) = try Tensor.imageSizes(shape, for: "SpaceToDepth")
        let b = blockSize
        guard b > 0, h % b == 0, w % b == 0 else {
            throw TensorError.invalidArgument("SpaceToDepth with block size \(b) needs height and width divisible by it, got \(shape)")
        }
        return ([n, c, h / b, b, w / b, b], [0, 3, 5, 1, 2, 4], [n, c * b * b, h / b, w / b])
    }
}
