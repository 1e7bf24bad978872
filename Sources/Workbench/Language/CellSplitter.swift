/// One statement of a cell, after joining `\` continuations and dropping comments.
public struct SourceLine: Sendable, Equatable {
    /// The cell line on which the statement starts (1-based), for error messages.
    public var number: Int
    public var text: String

    public init(number: Int, text: String) {
        self.number = number
        self.text = text
    }
}

/// Splits a cell into statements: one per line, `\` at the end of a line continues it, `#` outside
/// quotes starts a comment, blank lines are skipped.
public enum CellSplitter {
    public static func statements(in cell: String) -> [SourceLine] {
        var statements: [SourceLine] = []
        var pending: SourceLine?
        for (index, rawLine) in cell.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = stripComment(String(rawLine)).trimmingTrailingWhitespace()
            let continues = line.hasSuffix("\\")
            if continues { line = String(line.dropLast()).trimmingTrailingWhitespace() }
            var statement = pending ?? SourceLine(number: index + 1, text: "")
            statement.text += (statement.text.isEmpty ? "" : " ") + line.trimmingLeadingWhitespace()
            if continues {
                pending = statement
            } else {
                pending = nil
                if !statement.text.isEmpty { statements.append(statement) }
            }
        }
        if let pending, !pending.text.isEmpty { statements.append(pending) }
        return statements
    }

    /// Whether the cell's last non-blank line ends in a continuation backslash.
    public static func endsWithContinuation(_ cell: String) -> Bool {
        let lines = cell.split(separator: "\n").map { stripComment(String($0)).trimmingTrailingWhitespace() }
        return lines.last(where: { !$0.isEmpty })?.hasSuffix("\\") ?? false
    }

    /// A `#` starts a comment at the line start or after whitespace, and never inside quotes,
    /// so `--color #ff0000` style values need quoting but `a#b` is left alone. A backslash outside
    /// single quotes escapes the next character, as the tokenizer reads it (`"a \" # b"` is one word).
    static func stripComment(_ line: String) -> String {
        var quote: Character?
        var previous: Character = " "
        var escaped = false
        for (offset, character) in line.enumerated() {
            if escaped {
                escaped = false
            } else if character == "\\", quote != "'" {
                escaped = true
            } else if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "#", previous.isWhitespace {
                return String(line.prefix(offset))
            }
            previous = character
        }
        return line
    }
}

extension String {
    func trimmingTrailingWhitespace() -> String {
        String(self[..<(lastIndex(where: { !$0.isWhitespace }).map { index(after: $0) } ?? startIndex)])
    }

    func trimmingLeadingWhitespace() -> String {
        String(drop(while: \.isWhitespace))
    }
}
