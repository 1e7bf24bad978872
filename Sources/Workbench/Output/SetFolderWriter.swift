import Datasets
import Foundation
import Imaging
import JupyterKernel

/// `%save SET FOLDER/`: a labelled set written as `%data folder` reads it back: the pictures in the
/// ImageFolder layout (`images/CLASS/NNN-name.png`), their masks at the same paths under `masks/`, the
/// masks' bounding boxes as Pascal VOC XML under `boxes/`, and `labels.csv` listing all of them. File
/// names start with the picture's position in the set, so a class's pictures keep the set's order.
struct SetFolderWriter {
    let set: ImageSetValue
    let folder: URL

    static let parts = ["images", "masks", "boxes", "labels.csv", "provenance.json"]

    /// Writes the folder; with `replacing`, what an earlier save wrote there goes first, so that no stale
    /// picture is indexed with the new ones. Returns the number of pictures written.
    func write(replacing: Bool) throws -> Int {
        let manager = FileManager.default
        let existing = Self.parts.map { folder.appendingPathComponent($0) }.filter { manager.fileExists(atPath: $0.path) }
        if let first = existing.first, !replacing { throw WorkbenchError.failed(command: "save", reason: "\(first.path) exists; add --force to replace it") }
        try existing.forEach { try manager.removeItem(at: $0) }
        let width = String(set.images.count - 1).count
        var rows = ["file,label,mask,box"]
        for (position, image) in set.images.enumerated() {
            guard let label = image.label else {
                throw WorkbenchError.failed(command: "save", reason: "\(image.source) has no known class; only a labelled set can be saved as a folder")
            }
            let className = Self.fileName(image.labelName ?? String(label))
            let stem = className + "/" + String(repeating: "0", count: width - String(position).count) + "\(position)-" + Self.fileName(image.source)
            let picture = try image.picture()
            try write(Data(try picture.pngData()), "images/\(stem).png")
            var row = ["images/\(stem).png", className, "", ""]
            if let mask = image.mask {
                let pixels = try Image(tensor: mask)
                try write(Data(try pixels.pngData()), "masks/\(stem).png")
                let box = PixelBox.enclosing(mask.scalars, width: pixels.width)
                let annotation = VOCAnnotation(width: pixels.width, height: pixels.height, objects: box.bottom > box.top ? [
                    .init(name: className, xmin: box.left + 1, ymin: box.top + 1, xmax: box.right, ymax: box.bottom),
                ] : [])
                try write(Data(annotation.xml(filename: "\(stem).png").utf8), "boxes/\(stem).xml")
                row[2] = "masks/\(stem).png"
                row[3] = "boxes/\(stem).xml"
            }
            rows.append(row.map(SweepValue.csvField).joined(separator: ","))
        }
        try write(Data((rows.joined(separator: "\r\n") + "\r\n").utf8), "labels.csv")
        try write(try JSONValue.object(set.provenance).encodedPretty(), "provenance.json")
        return set.images.count
    }

    private func write(_ data: Data, _ relative: String) throws {
        let url = folder.appendingPathComponent(relative)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url, options: .atomic)
        } catch {
            throw WorkbenchError.failed(command: "save", reason: "cannot write \(url.path): \(error.localizedDescription)")
        }
    }

    /// A name safe in any file system: letters, digits, `.`, `_` and `-`; anything else becomes `-`.
    static func fileName(_ text: String) -> String {
        let safe = text.unicodeScalars.map { scalar in
            scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "._-".unicodeScalars.contains(scalar) ? Character(scalar) : "-"
        }
        return String(String(safe).split(separator: "-", omittingEmptySubsequences: true).joined(separator: "-").prefix(80))
    }
}
