import Imaging

/// One cell of a `PanelGrid`: a picture with an optional title, colorbar and note (for example
/// a heatmap's message that the map was blank).
public struct Panel: Sendable, Equatable {
    public var image: Image?
    public var title: String?
    public var colorbar: Colorbar?
    public var note: String?
    /// Rectangles outlined over the picture, in its pixels.
    public var outlines: [Outline]

    public init(image: Image?, title: String? = nil, colorbar: Colorbar? = nil, note: String? = nil, outlines: [Outline] = []) {
        self.image = image
        self.title = title
        self.colorbar = colorbar
        self.note = note
        self.outlines = outlines
    }

    /// The rectangle of `box` the image fills, keeping its aspect ratio, centred.
    func imageRect(in box: Rect) -> Rect {
        guard let image else { return box }
        let scale = min(box.width / Double(image.width), box.height / Double(image.height))
        let width = Double(image.width) * scale, height = Double(image.height) * scale
        return Rect(x: box.x + (box.width - width) / 2, y: box.y + (box.height - height) / 2,
                    width: width, height: height)
    }

    /// Draws the image (or a framed empty box) and the note over its lower part.
    func drawPicture(on canvas: Canvas, in box: Rect) {
        let rect = imageRect(in: box)
        if let image {
            canvas.draw(image, in: rect)
            for outline in outlines {
                canvas.stroke(outline.rect(onPictureOf: image.width, drawnIn: rect), color: outline.color, width: 2)
            }
        } else {
            canvas.stroke(rect, color: Style.grid)
        }
        guard let note else { return }
        let text = canvas.fitting(note, font: .note, width: rect.width - 8)
        let height = canvas.measure(text, font: .note).height + 4
        let band = Rect(x: rect.x, y: rect.maxY - height, width: rect.width, height: height)
        canvas.fill(band, color: RGB(red: 245, green: 245, blue: 245))
        canvas.text(text, at: Point(x: band.midX, y: band.midY), font: .note, color: Style.faint, anchor: .center)
    }
}
