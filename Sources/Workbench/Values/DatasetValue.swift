import Crypto
import Datasets
import Foundation
import JupyterKernel

/// What a sweep does with a picture it cannot read, or a class the model does not know: leave it out
/// (named in a warning and in the results) or stop.
enum ErrorPolicy: String, CaseIterable, Sendable {
    case skip
    case fail
}

/// A labelled set of pictures on disk (`%data folder`): indexed, never loaded whole. Sweeps (`%gridpg
/// --images`, `%eval … --images`, `%sanity … --images`) read its pictures one at a time.
public struct DatasetValue: WorkspaceValue {
    /// The set, its classes matched to the labels of `labels`' model.
    var images: ImageFileCollection
    /// As the user typed it.
    var source: String
    /// The labels the classes were matched to, to match them again for another model.
    var labels: [String]
    var onError: ErrorPolicy
    /// What indexing left out, one sentence each.
    var leftOut: [String]

    public var kind: String { "dataset" }

    var classCount: Int { Set(images.labels).count }

    public var summary: String {
        let masks = images.files.count { $0.mask != nil }, boxes = images.files.count { $0.boxes != nil }
        return "\(images.count.formatted()) pictures of \(classCount) classes in \(source)"
            + (masks + boxes > 0 ? " (masks for \(masks.formatted()), boxes for \(boxes.formatted()))" : "")
    }

    /// SHA-256 of the index (every path, class, mask and box file, in order): two runs that index the same
    /// files the same way share it, whatever the folder is called on each machine.
    var indexDigest: String {
        var hash = SHA256()
        for (file, label) in zip(images.files, images.labels) {
            hash.update(data: Data("\(file.path)\t\(label)\t\(file.mask != nil)\t\(file.boxes != nil)\n".utf8))
        }
        return hash.finalize().map { String(format: "%02x", $0) }.joined()
    }

    public var provenance: JSONObject {
        ["dataset": .string(source), "pictures": .number(Double(images.count)), "index_sha256": .string(indexDigest),
         "version": .string(WorkbenchInterpreter.version)]
    }

    public var display: MimeBundle {
        var counts: [Int: Int] = [:]
        for label in images.labels { counts[label, default: 0] += 1 }
        let rows = counts.keys.sorted().prefix(20).map { label in
            [labels.indices.contains(label) ? labels[label] : "class \(label)", String(counts[label]!)]
        }
        var table = Table(header: ["class", "pictures"], rows: rows,
                          caption: counts.count > 20 ? "the first 20 of \(counts.count) classes" : nil, heading: summary)
        if !leftOut.isEmpty { table.heading = summary + "; \(leftOut.count) left out: " + leftOut.prefix(3).joined(separator: "; ") }
        return table.bundle(provenance: provenance)
    }
}
