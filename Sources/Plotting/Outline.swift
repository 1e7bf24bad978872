import Imaging

/// A rectangle in an image's own pixels, outlined over the picture of a `Panel`: the region a
/// backdoor scan suspects, a cell of a mosaic.
public struct Outline: Sendable, Equatable {
    public var top: Int
    public var left: Int
    public var height: Int
    public var width: Int
    public var color: RGB

    public init(top: Int, left: Int, height: Int, width: Int, color: RGB = RGB(red: 230, green: 20, blue: 20)) {
        self.top = top
        self.left = left
        self.height = height
        self.width = width
        self.color = color
    }

    /// Where the outline falls on a picture of `imageWidth` pixels drawn into `rect`.
    func rect(onPictureOf imageWidth: Int, drawnIn rect: Rect) -> Rect {
        let scale = rect.width / Double(imageWidth)
        return Rect(x: rect.x + Double(left) * scale, y: rect.y + Double(top) * scale,
                    width: Double(width) * scale, height: Double(height) * scale)
    }
}
