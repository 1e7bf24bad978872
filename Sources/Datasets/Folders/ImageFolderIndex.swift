import Foundation

/// The pictures of a labelled set on disk, without reading any of them: the ImageFolder layout
/// (`ROOT/CLASS/…/picture.jpg`, as torchvision's `ImageFolder` reads it, classes and files in name
/// order) or a CSV list (`file,label[,mask][,box]`). Masks and boxes may sit in folders of their own,
/// found by the picture's path there or, for one flat folder (ImageNet's validation boxes), by its name.
public struct ImageFolderIndex: Sendable {
    public static let pictureExtensions: Set<String> = ["png", "jpg", "jpeg"]

    /// The files indexed, in order.
    public var files: [LabelledImageFile]
    /// What could not be indexed, one sentence each (a CSV row naming a missing file).
    public var problems: [String]
    /// The folder the paths are relative to.
    public var root: String

    public init(root: String, files: [LabelledImageFile], problems: [String] = []) {
        (self.root, self.files, self.problems) = (root, files, problems)
    }

    /// Indexes the ImageFolder layout under `root`. `progress` hears the share of class folders done and
    /// the one being read, and may throw to stop.
    public init(folder root: String, masks: String? = nil, boxes: String? = nil,
                progress: (Double, String) throws -> Void = { _, _ in }) throws {
        self.root = root
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        guard manager.fileExists(atPath: root, isDirectory: &isFolder), isFolder.boolValue else {
            throw DatasetError.invalidArgument(manager.fileExists(atPath: root) ? "\(root) is not a folder" : "no folder \(root)")
        }
        let classes = try Self.visibleEntries(of: root).filter {
            manager.fileExists(atPath: (root as NSString).appendingPathComponent($0), isDirectory: &isFolder) && isFolder.boolValue
        }
        guard !classes.isEmpty else {
            throw DatasetError.invalidArgument("\(root) holds no class folders: the layout is \(root)/CLASS/picture.jpg")
        }
        files = []
        problems = []
        for (position, className) in classes.enumerated() {
            try progress(Double(position) / Double(classes.count), className)
            let pictures = try Self.pictures(under: (root as NSString).appendingPathComponent(className))
            files += pictures.map { relative in
                let path = className + "/" + relative
                return LabelledImageFile(path: path, className: className, mask: Self.companion(of: path, in: masks, extension: "png"),
                                         boxes: Self.companion(of: path, in: boxes, extension: "xml"))
            }
        }
        try progress(1, "")
    }

    /// Indexes the CSV list at `path`: a row per picture, `file,label` then optionally `mask` and `box`
    /// (paths relative to the CSV's folder); a first row naming a `file` column is a header, which may order them.
    public init(list path: String, progress: (Double, String) throws -> Void = { _, _ in }) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DatasetError.invalidArgument(FileManager.default.fileExists(atPath: path) ? "cannot read \(path)" : "no file \(path)")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw DatasetError.invalidArgument("\(path) is not UTF-8 text") }
        var rows: [[String]]
        do {
            rows = try CSVTable.rows(text)
        } catch let error as DatasetError {
            throw DatasetError.invalidArgument("\(path): \(error)")
        }
        root = (path as NSString).deletingLastPathComponent
        var columns = ["file": 0, "label": 1, "mask": 2, "box": 3]
        var firstLine = 1
        if let header = rows.first?.map({ $0.lowercased().trimmingWhitespace() }), header.contains("file") {
            guard Set(header).count == header.count, header.allSatisfy(columns.keys.contains), header.contains("label") else {
                throw DatasetError.invalidArgument("\(path): the header names columns \(rows[0]); the columns are file, label, mask and box")
            }
            let names = header
            columns = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
            rows.removeFirst()
            firstLine = 2
        }
        guard !rows.isEmpty else { throw DatasetError.invalidArgument("\(path) lists no pictures") }
        files = []
        problems = []
        let manager = FileManager.default
        for (offset, row) in rows.enumerated() {
            if offset % 1000 == 0 { try progress(Double(offset) / Double(rows.count), "row \(offset + firstLine)") }
            let line = offset + firstLine
            func field(_ name: String) -> String? {
                columns[name].flatMap { $0 < row.count && !row[$0].isEmpty ? row[$0] : nil }
            }
            guard let file = field("file"), let label = field("label") else {
                problems.append("line \(line) of \(path) has no " + (field("file") == nil ? "file" : "label"))
                continue
            }
            let missing = [file, field("mask"), field("box")].compactMap { $0 }.filter {
                !manager.fileExists(atPath: LabelledImageFile.resolved($0, in: root))
            }
            guard missing.isEmpty else {
                problems.append("line \(line) of \(path) names \(missing.joined(separator: " and ")), which does not exist")
                continue
            }
            files.append(LabelledImageFile(path: file, className: label.trimmingWhitespace(), mask: field("mask"), boxes: field("box")))
        }
        try progress(1, "")
    }

    /// The picture files under `folder`, recursively, as paths relative to it in name order.
    static func pictures(under folder: String) throws -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { throw DatasetError.invalidArgument("cannot read \(folder)") }
        var found: [String] = []
        while let relative = walker.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") {
                walker.skipDescendants()
            } else if pictureExtensions.contains((name as NSString).pathExtension.lowercased()) {
                found.append(relative)
            }
        }
        return found.sorted()
    }

    static func visibleEntries(of folder: String) throws -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: folder).filter { !$0.hasPrefix(".") }.sorted()
        } catch {
            throw DatasetError.invalidArgument("cannot read \(folder): \(error.localizedDescription)")
        }
    }

    /// The mask or box file of the picture at `path` in `folder`: at the same relative path, or by name in a
    /// flat folder, with `extension` for the picture's; nil when neither exists. Absolute, since the picture's
    /// own path is relative to the set's root, not to the working folder.
    static func companion(of path: String, in folder: String?, extension suffix: String) -> String? {
        guard var folder else { return nil }
        if !folder.hasPrefix("/") { folder = (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(folder) }
        let stem = ((path as NSString).deletingPathExtension as NSString)
        for candidate in [stem.appendingPathExtension(suffix), (stem.lastPathComponent as NSString).appendingPathExtension(suffix)] {
            guard let candidate else { continue }
            let full = (folder as NSString).appendingPathComponent(candidate)
            if FileManager.default.fileExists(atPath: full) { return full }
        }
        return nil
    }
}
