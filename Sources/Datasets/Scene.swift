import Tensor

/// One generated picture with its ground truth.
public struct Scene: Sendable {
    /// 3×H×W, RGB in [0, 1].
    public var image: Tensor
    public var label: ShapeClass
    /// 1×H×W: 1 where the object covers at least half of a pixel, else 0.
    public var mask: Tensor
    /// The smallest box holding the mask.
    public var box: PixelBox
}

/// A box of whole pixels: rows `top..<bottom`, columns `left..<right`.
public struct PixelBox: Sendable, Equatable, Codable {
    public var top: Int
    public var left: Int
    public var bottom: Int
    public var right: Int

    public init(top: Int, left: Int, bottom: Int, right: Int) {
        self.top = top
        self.left = left
        self.bottom = bottom
        self.right = right
    }

    public func contains(row: Int, column: Int) -> Bool {
        (top..<bottom).contains(row) && (left..<right).contains(column)
    }

    /// The box around every pixel where `mask` (H×W, row-major) is non-zero.
    public static func enclosing(_ mask: [Float], width: Int) -> PixelBox {
        var (top, left, bottom, right) = (Int.max, Int.max, 0, 0)
        for (index, value) in mask.enumerated() where value > 0 {
            let (row, column) = index.quotientAndRemainder(dividingBy: width)
            top = min(top, row)
            left = min(left, column)
            bottom = max(bottom, row + 1)
            right = max(right, column + 1)
        }
        return top == .max ? PixelBox(top: 0, left: 0, bottom: 0, right: 0)
                           : PixelBox(top: top, left: left, bottom: bottom, right: right)
    }
}
