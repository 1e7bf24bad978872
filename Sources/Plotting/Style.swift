import Imaging

/// A font of the figure's one family (DejaVu Sans, from Debian's fonts-dejavu-core).
struct Font: Sendable, Equatable {
    var size: Double
    var bold = false

    static let family = "DejaVu Sans"
    static let suptitle = Font(size: 15, bold: true)
    static let title = Font(size: 12)
    static let label = Font(size: 11)
    static let heading = Font(size: 12, bold: true)
    static let tick = Font(size: 9)
    static let note = Font(size: 9)
}

/// The shared look of every figure, in one place so that grids and plots match.
enum Style {
    static let margin = 12.0
    static let gap = 8.0
    static let textGap = 4.0
    static let ink = RGB(red: 30, green: 30, blue: 30)
    static let faint = RGB(red: 110, green: 110, blue: 110)
    static let grid = RGB(red: 225, green: 225, blue: 225)
    static let background = RGB.white
    static let tickLength = 4.0
    static let lineWidth = 0.8

    /// matplotlib's default color cycle ("tab10"), so series look as users expect.
    static let cycle: [RGB] = [
        RGB(red: 0x1f, green: 0x77, blue: 0xb4), RGB(red: 0xff, green: 0x7f, blue: 0x0e),
        RGB(red: 0x2c, green: 0xa0, blue: 0x2c), RGB(red: 0xd6, green: 0x27, blue: 0x28),
        RGB(red: 0x94, green: 0x67, blue: 0xbd), RGB(red: 0x8c, green: 0x56, blue: 0x4b),
        RGB(red: 0xe3, green: 0x77, blue: 0xc2), RGB(red: 0x7f, green: 0x7f, blue: 0x7f),
        RGB(red: 0xbc, green: 0xbd, blue: 0x22), RGB(red: 0x17, green: 0xbe, blue: 0xcf),
    ]

    static func seriesColor(_ index: Int) -> RGB { cycle[index % cycle.count] }
}
