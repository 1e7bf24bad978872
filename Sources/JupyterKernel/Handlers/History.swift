import Foundation

/// The inputs (and plain-text outputs) of this kernel session, for history_request.
struct History {
    struct Entry {
        let line: Int
        let input: String
        var output: String?
    }

    /// One process is one history session; clients echo this number back in range requests.
    static let session = 1
    private(set) var entries: [Entry] = []

    mutating func record(line: Int, input: String, output: String?) {
        entries.append(Entry(line: line, input: input, output: output))
    }

    func tail(_ count: Int) -> [Entry] {
        Array(entries.suffix(max(count, 0)))
    }

    /// Lines in [start, stop); session 0 or negative means this session, as IPython reads it.
    func range(session: Int, start: Int, stop: Int?) -> [Entry] {
        guard session <= 0 || session == Self.session else { return [] }
        return entries.filter { entry in entry.line >= start && (stop.map { entry.line < $0 } ?? true) }
    }

    /// Glob match on the input; `unique` keeps the latest of equal inputs; `count` keeps the last ones.
    func search(pattern: String, count: Int?, unique: Bool) -> [Entry] {
        var matches = entries.filter { fnmatch(pattern, $0.input, 0) == 0 }
        if unique {
            var seen: Set<String> = []
            matches = matches.reversed().filter { seen.insert($0.input).inserted }.reversed()
        }
        if let count { matches = Array(matches.suffix(max(count, 0))) }
        return matches
    }
}
