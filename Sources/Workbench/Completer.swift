import Foundation
import JupyterKernel

/// Tab completion: command names after `%`, option names after `--`, the values `%set` bound after
/// `$` or `${`, otherwise workspace names and file paths. Cursor positions count Unicode characters,
/// as messaging protocol 5.2+ specifies.
struct Completer {
    let registry: CommandRegistry
    let names: [String]
    /// The names `$` takes.
    let parameters: [String]

    func complete(_ code: String, cursor: Int) -> Completion {
        let characters = Array(code)
        let end = min(max(cursor, 0), characters.count)
        var start = end
        while start > 0, !characters[start - 1].isWhitespace { start -= 1 }
        let word = String(characters[start..<end])
        let matches: [String]
        if let dollar = word.lastIndex(of: "$") {
            // `$` may follow text in the same word (`out/$name`, `--steps=$n`): what follows it is completed.
            let afterDollar = word[word.index(after: dollar)...]
            let braced = afterDollar.hasPrefix("{")
            let stem = braced ? afterDollar.dropFirst() : afterDollar
            let head = String(word[...dollar]) + (braced ? "{" : "")
            matches = parameters.filter { $0.hasPrefix(stem) }.map { head + $0 + (braced ? "}" : "") }
        } else if word.hasPrefix("%") {
            matches = registry.names.map { "%" + $0 }.filter { $0.hasPrefix(word) }
        } else if word.hasPrefix("--") {
            let command = Self.commandName(in: code, at: cursor).flatMap { try? registry.command(named: $0) }
            matches = (command?.signature.options ?? []).map { "--" + $0.name }.filter { $0.hasPrefix(word) }
        } else {
            matches = names.filter { $0.hasPrefix(word) } + Self.paths(startingWith: word)
        }
        return Completion(matches: matches, cursorStart: start, cursorEnd: end)
    }

    /// The command of the statement around the cursor (the word after `%` on that line).
    static func commandName(in code: String, at cursor: Int) -> String? {
        let prefix = String(code.prefix(max(cursor, 0)))
        let lineStart = prefix.lastIndex(of: "\n").map { prefix.index(after: $0) } ?? prefix.startIndex
        let lineText = prefix[lineStart...] + code.dropFirst(prefix.count).prefix { $0 != "\n" }
        guard let percent = lineText.firstIndex(of: "%") else { return nil }
        let name = lineText[lineText.index(after: percent)...].prefix { !$0.isWhitespace }
        return name.isEmpty ? nil : String(name)
    }

    /// Files and folders whose path starts with `word`; folders end in `/` so completion can go on.
    static func paths(startingWith word: String) -> [String] {
        let slash = word.lastIndex(of: "/")
        let typedFolder = slash.map { String(word[...$0]) } ?? ""
        let stem = slash.map { String(word[word.index(after: $0)...]) } ?? word
        let folder = typedFolder.isEmpty ? "." : NSString(string: typedFolder).expandingTildeInPath
        let files = FileManager.default
        guard let entries = try? files.contentsOfDirectory(atPath: folder) else { return [] }
        // Hidden entries only when asked for with a leading dot, as shells do.
        return entries.filter { $0.hasPrefix(stem) && (stem.hasPrefix(".") || !$0.hasPrefix(".")) }.sorted().map {
            var isFolder: ObjCBool = false
            let exists = files.fileExists(atPath: (folder as NSString).appendingPathComponent($0), isDirectory: &isFolder)
            return typedFolder + $0 + (exists && isFolder.boolValue ? "/" : "")
        }
    }
}
