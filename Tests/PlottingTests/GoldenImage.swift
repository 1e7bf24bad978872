import Foundation
import Imaging

/// Compares a rendering with a committed golden PNG, tolerating what differs between machines:
/// font rasterisation moves a few edge pixels and may change the size by a pixel or two.
/// `SALIENCY_RECORD_GOLDENS=1 swift test ...` rewrites the goldens (look at them before committing).
enum GoldenImage {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    struct Comparison {
        let sizeDifference: Int
        let meanDifference: Double
        /// Share of pixels whose largest channel difference exceeds 64 levels.
        let differingShare: Double

        var matches: Bool { sizeDifference <= 2 && meanDifference < 2 && differingShare < 0.01 }
    }

    static func compare(_ rendered: Image, golden name: String) throws -> Comparison {
        let url = directory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["SALIENCY_RECORD_GOLDENS"] == "1" {
            try Data(rendered.pngData()).write(to: url)
        }
        let golden = try Image(contentsOfFile: url.path).rgb()
        let width = min(golden.width, rendered.width), height = min(golden.height, rendered.height)
        var total = 0, differing = 0
        for y in 0..<height {
            for x in 0..<width {
                let a = 3 * (y * rendered.width + x), b = 3 * (y * golden.width + x)
                let channels = (0..<3).map { abs(Int(rendered.pixels[a + $0]) - Int(golden.pixels[b + $0])) }
                total += channels.reduce(0, +)
                if channels.max() ?? 0 > 64 { differing += 1 }
            }
        }
        return Comparison(sizeDifference: max(abs(golden.width - rendered.width), abs(golden.height - rendered.height)),
                          meanDifference: Double(total) / Double(3 * width * height),
                          differingShare: Double(differing) / Double(width * height))
    }
}
