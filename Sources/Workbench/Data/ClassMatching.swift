/// Class names as a folder or a CSV writes them, matched to a model's labels: the label itself, then the
/// same ignoring case and the difference between `_`, `-` and spaces ("golden_retriever" is "golden
/// retriever"), then a class index ("3"). Names that match nothing are all named in one error.
struct ClassMatching {
    /// Each name's class index.
    let indices: [String: Int]
    /// The names that match no label, in the order given.
    let unmatched: [String]

    init(_ names: [String], model: ModelValue) {
        var byKey: [String: Int] = [:]
        for (index, label) in model.labels.enumerated().reversed() { byKey[Self.key(label)] = index }
        var indices: [String: Int] = [:]
        var unmatched: [String] = []
        for name in names where indices[name] == nil && !unmatched.contains(name) {
            if let index = model.labels.firstIndex(of: name) ?? byKey[Self.key(name)]
                ?? Int(name).flatMap({ model.labels.indices.contains($0) ? $0 : nil }) {
                indices[name] = index
            } else {
                unmatched.append(name)
            }
        }
        self.indices = indices
        self.unmatched = unmatched
    }

    static func key(_ name: String) -> String {
        name.lowercased().split(whereSeparator: { $0 == "_" || $0 == "-" || $0 == " " }).joined(separator: " ")
    }

    /// The error naming what matched nothing (`kind`: "class folders", "labels of the list"), the nearest
    /// label of the first few, and what the model's labels look like.
    func error(kind: String, model: ModelValue, command: String) -> WorkbenchError {
        let shown = unmatched.prefix(12).map { name in
            name + (NearestName.suggestion(for: name, among: model.labels).map { " (did you mean \($0)?)" } ?? "")
        }
        let more = unmatched.count > shown.count ? " and \(unmatched.count - shown.count) more" : ""
        let labels = model.labels.prefix(8).joined(separator: ", ") + (model.labels.count > 8 ? ", …" : "")
        return .failed(command: command, reason: "\(unmatched.count) \(kind) match none of \(model.name)'s labels: "
            + shown.joined(separator: ", ") + more + ". Its labels are \(labels) (or class indices 0–\(model.classCount - 1)); "
            + "`--on-error skip` leaves those pictures out")
    }
}
