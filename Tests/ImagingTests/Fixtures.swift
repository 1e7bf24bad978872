import Foundation
import Imaging

/// The committed fixtures (see tools/make_imaging_fixtures.py and tools/make_colormap_tables.py).
enum Fixtures {
    static func url(_ name: String) -> URL {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent(name)
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url(name)))
    }

    static func json<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(contentsOf: url(name)))
    }

    /// What a decoder must produce for one fixture image.
    struct ExpectedImage: Decodable {
        let width: Int
        let height: Int
        let layout: String
        let pixels: String

        var samples: [UInt8] {
            let digits = Array(pixels.utf8)
            return stride(from: 0, to: digits.count, by: 2).map {
                UInt8(String(decoding: digits[$0...$0 + 1], as: UTF8.self), radix: 16)!
            }
        }

        var pixelLayout: PixelLayout {
            switch layout {
            case "gray": .gray
            case "grayAlpha": .grayAlpha
            case "rgb": .rgb
            default: .rgba
            }
        }
    }

    static let expectedImages: [String: ExpectedImage] = {
        (try? json("images.json", as: [String: ExpectedImage].self)) ?? [:]
    }()
}
