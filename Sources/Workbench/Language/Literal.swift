/// The value of `%set NAME = VALUE`, as written: a number, quoted text ("…" with JSON's escapes,
/// '…' as is), `true`, `false`, `none`, a flat list of those, or `$name` of another value. Text
/// must be quoted, so `32` and `"32"` differ as they do in Python, R or Julia, whose papermill
/// translators write parameters the same way.
public indirect enum Literal: Sendable, Equatable {
    case number(Double)
    case text(String)
    case boolean(Bool)
    case none
    case list([Literal])
    case reference(String)

    public init(parsing text: String) throws(WorkbenchError) {
        var reader = Reader(characters: Array(text.unicodeScalars), source: text)
        reader.skipSpaces()
        guard !reader.atEnd else { throw reader.malformed("nothing follows =") }
        self = try reader.value(inList: false)
        reader.skipSpaces()
        guard reader.atEnd else { throw reader.malformed("'\(reader.rest)' follows the value") }
    }

    /// Reads Unicode scalars, not characters: a combining mark after a quote or a digit (`"\u0007ొ"`)
    /// would otherwise join it into one character and hide it.
    private struct Reader {
        let characters: [Unicode.Scalar]
        let source: String
        var index = 0

        var atEnd: Bool { index >= characters.count }
        var rest: String { text(index..<characters.count) }

        func text(_ range: Range<Int>) -> String {
            var text = ""
            text.unicodeScalars.append(contentsOf: characters[range])
            return text
        }

        func malformed(_ reason: String) -> WorkbenchError {
            .malformedLiteral(source, reason: reason)
        }

        mutating func skipSpaces() {
            while !atEnd, characters[index].properties.isWhitespace { index += 1 }
        }

        mutating func value(inList: Bool) throws(WorkbenchError) -> Literal {
            switch characters[index] {
            case "\"", "'": return .text(try quoted())
            case "[":
                guard !inList else { throw malformed("a list holds numbers, text and booleans, not lists") }
                return .list(try list())
            case "$": return .reference(try reference())
            default: return try word()
            }
        }

        /// A bare word: a number, true, false or none; anything else is text without its quotes.
        mutating func word() throws(WorkbenchError) -> Literal {
            let start = index
            while !atEnd, !characters[index].properties.isWhitespace, !",]".unicodeScalars.contains(characters[index]) { index += 1 }
            let word = text(start..<index)
            switch word {
            case "true": return .boolean(true)
            case "false": return .boolean(false)
            case "none": return .none
            case "True", "False", "None", "TRUE", "FALSE", "NULL", "null", "nothing":
                throw malformed("write \(["true", "false"].first { $0.first == word.lowercased().first } ?? "none") in lower case")
            default: break
            }
            guard word.first.map({ $0.isNumber || "+-.".contains($0) }) == true, let number = Double(word) else {
                throw malformed(word.isEmpty ? "a value is missing" : "text needs quotes: \"\(word)\"")
            }
            guard number.isFinite else { throw malformed("\(word) is not a finite number") }
            return .number(number)
        }

        /// Text in double quotes, with JSON's backslash escapes; in single quotes, as written (as in a
        /// shell, and as the cell splitter and tokenizer read single quotes).
        mutating func quoted() throws(WorkbenchError) -> String {
            let quote = characters[index]
            index += 1
            var text = ""
            while !atEnd {
                let character = characters[index]
                index += 1
                if character == quote { return text }
                guard character == "\\", quote == "\"" else { text.unicodeScalars.append(character); continue }
                guard !atEnd else { break }
                let escape = characters[index]
                index += 1
                switch escape {
                case "\"", "\\", "/": text.unicodeScalars.append(escape)
                case "n": text.append("\n")
                case "t": text.append("\t")
                case "r": text.append("\r")
                case "b": text.append("\u{8}")
                case "f": text.append("\u{c}")
                case "u": text.unicodeScalars.append(try unicodeEscape())
                default: throw malformed("\\\(escape) is not an escape; write \\\\ for a backslash")
                }
            }
            throw malformed("the quote \(quote) is not closed")
        }

        /// `\uXXXX`, with a UTF-16 surrogate pair as JSON writes characters beyond the first plane.
        mutating func unicodeEscape() throws(WorkbenchError) -> Unicode.Scalar {
            let high = try hex4()
            if (0xD800..<0xDC00).contains(high), characters[index...].starts(with: ["\\", "u"]) {
                index += 2
                let low = try hex4()
                if let scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)) { return scalar }
            }
            guard let scalar = Unicode.Scalar(high) else { throw malformed("\\u\(String(high, radix: 16)) is not a character") }
            return scalar
        }

        mutating func hex4() throws(WorkbenchError) -> UInt32 {
            guard index + 4 <= characters.count, let code = UInt32(text(index..<(index + 4)), radix: 16) else {
                throw malformed("\\u needs four hexadecimal digits")
            }
            index += 4
            return code
        }

        mutating func list() throws(WorkbenchError) -> [Literal] {
            index += 1
            var items: [Literal] = []
            while true {
                skipSpaces()
                guard !atEnd else { throw malformed("the list's [ is not closed by ]") }
                if characters[index] == "]" { index += 1; return items }
                items.append(try value(inList: true))
                skipSpaces()
                guard !atEnd else { throw malformed("the list's [ is not closed by ]") }
                if characters[index] == "," { index += 1 } else if characters[index] != "]" {
                    throw malformed("list items are separated by commas")
                }
            }
        }

        /// `$name` or `${name}`: the value bound to that name, copied.
        mutating func reference() throws(WorkbenchError) -> String {
            index += 1
            let braced = !atEnd && characters[index] == "{"
            if braced { index += 1 }
            let start = index
            while !atEnd, Statement.isName("a" + String(characters[index])) { index += 1 }
            let name = text(start..<index)
            guard Statement.isName(name) else { throw malformed("$ is followed by a name") }
            if braced {
                guard !atEnd, characters[index] == "}" else { throw malformed("${ is not closed by }") }
                index += 1
            }
            return name
        }
    }
}
