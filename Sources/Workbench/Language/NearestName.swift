/// Suggests the known name closest to a misspelt one, by edit distance (Levenshtein).
public enum NearestName {
    /// The closest candidate, if it is near enough to be a plausible typo: at most a third of the
    /// word's length in edits (and at least 2 allowed), ties broken alphabetically.
    public static func suggestion(for word: String, among candidates: some Sequence<String>) -> String? {
        let allowed = max(2, word.count / 3)
        let ranked = candidates.map { (name: $0, distance: distance(word.lowercased(), $0.lowercased())) }
            .filter { $0.distance <= allowed }
            .sorted { ($0.distance, $0.name) < ($1.distance, $1.name) }
        return ranked.first?.name
    }

    public static func distance(_ source: String, _ target: String) -> Int {
        let source = Array(source)
        let target = Array(target)
        var previous = Array(0...target.count)
        for (row, sourceCharacter) in source.enumerated() {
            var current = [row + 1] + Array(repeating: 0, count: target.count)
            for (column, targetCharacter) in target.enumerated() {
                let substitution = previous[column] + (sourceCharacter == targetCharacter ? 0 : 1)
                current[column + 1] = min(previous[column + 1] + 1, current[column] + 1, substitution)
            }
            previous = current
        }
        return previous[target.count]
    }
}
