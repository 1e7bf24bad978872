import Tensor

/// Moves blocks of `blockSize`² channels into blockSize × blockSize spatial blocks. DCR (the default)
/// takes the depth as (block row, block column, channel), CRD as (channel, block row, block column).
public struct DepthToSpace: BlockRearrangement {
    public enum Order: String, Sendable { case depthColumnRow = "DCR", columnRowDepth = "CRD" }

    public var blockSize: Int
    public var order: Order
    public init(blockSize: Int, order: Order = .depthColumnRow) {
        self.blockSize = blockSize
        self.order = order
    }
    public var type: String { "DepthToSpace" }

    public func layout(_ shape: [Int]) throws -> (split: [Int], permutation: [Int], output: [Int]) {
        let (n, c, h, w) = try Tensor.imageSizes(shape, for: "DepthToSpace")
        let b = blockSize
        guard b > 0, c % (b * b) == 0 else {
            throw TensorError.invalidArgument("DepthToSpace with block size \(b) needs channels divisible by \(b * b), got \(shape)")
        }
        let output = [n, c / (b * b), h * b, w * b]
        switch order {
        case .depthColumnRow: return ([n, b, b, c / (b * b), h, w], [0, 3, 4, 1, 5, 2], output)
        case .columnRowDepth: return ([n, c / (b * b), b, b, h, w], [0, 1, 4, 2, 5, 3], output)
        }
    }
}
