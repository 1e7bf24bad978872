/// A 256-entry color table taken from matplotlib (see tools/make_colormap_tables.py), looked up
/// exactly as matplotlib does: `x` in [0, 1] picks entry `⌊256·x⌋`, 1 picks the last entry,
/// values outside [0, 1] take the end colors.
public struct Colormap: Sendable, Equatable {
    public let name: String
    /// Diverging maps have a neutral middle: signed maps are drawn with 0 at the centre.
    public let isDiverging: Bool
    /// 256 × (red, green, blue).
    let table: [UInt8]

    public static let names = ["viridis", "inferno", "magma", "plasma", "cividis", "gray", "turbo", "jet",
                               "coolwarm", "bwr", "RdBu"]
    static let divergingNames: Set<String> = ["coolwarm", "bwr", "RdBu"]

    /// The map called `name` (case-insensitive), or an error listing the available ones.
    public init(named name: String) throws {
        guard let canonical = Colormap.names.first(where: { $0.lowercased() == name.lowercased() }),
              let hex = ColormapTables.hex[canonical]
        else {
            throw ImagingError.invalidArgument(
                "unknown colormap '\(name)' (available: \(Colormap.names.joined(separator: ", ")))")
        }
        self.name = canonical
        self.isDiverging = Colormap.divergingNames.contains(canonical)
        self.table = Colormap.bytes(fromHex: hex)
    }

    public static let viridis = Colormap(known: "viridis")
    public static let inferno = Colormap(known: "inferno")
    public static let gray = Colormap(known: "gray")
    public static let coolwarm = Colormap(known: "coolwarm")

    private init(known name: String) {
        do { try self.init(named: name) } catch { preconditionFailure("built-in colormap \(name) missing") }
    }

    /// The table entry for `value` (NaN counts as the low end).
    public func color(at value: Float) -> RGB {
        let entry = index(of: value) * 3
        return RGB(red: table[entry], green: table[entry + 1], blue: table[entry + 2])
    }

    @inline(__always)
    func index(of value: Float) -> Int {
        guard value > 0 else { return 0 }
        return value >= 1 ? 255 : min(Int(value * 256), 255)
    }

    private static func bytes(fromHex hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        func nibble(_ digit: UInt8) -> UInt8 { digit <= 57 ? digit - 48 : digit - 87 }
        return stride(from: 0, to: digits.count - 1, by: 2).map { nibble(digits[$0]) << 4 | nibble(digits[$0 + 1]) }
    }
}
