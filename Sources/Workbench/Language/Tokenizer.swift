/// Splits a statement into words like a shell: whitespace separates, single or double quotes group,
/// a backslash escapes the next character outside single quotes, and `$name` or `${name}` outside
/// single quotes refers to a value bound with `%set NAME = VALUE`.
public enum Tokenizer {
    public static func words(_ text: String) throws(WorkbenchError) -> [Word] {
        var words: [Word] = []
        var pieces: [Word.Piece] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        let characters = Array(text)
        var index = 0
        func endText() {
            if !current.isEmpty { pieces.append(.text(current)) }
            current = ""
        }
        while index < characters.count {
            let character = characters[index]
            index += 1
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\", quote != "'" {
                escaped = true
                inWord = true
            } else if character == "$", quote != "'", let (name, end) = try reference(in: characters, at: index) {
                endText()
                pieces.append(.reference(name))
                inWord = true
                index = end
            } else if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "\"" || character == "'" {
                quote = character
                inWord = true
            } else if character.isWhitespace {
                endText()
                if inWord { words.append(Word(pieces.isEmpty ? [.text("")] : pieces)) }
                pieces = []
                inWord = false
            } else {
                current.append(character)
                inWord = true
            }
        }
        if quote != nil { throw .unterminatedQuote }
        endText()
        if inWord { words.append(Word(pieces.isEmpty ? [.text("")] : pieces)) }
        return words
    }

    /// The name after a `$` at `start` and the index after it: `$name` takes letters, digits and `_`;
    /// `${name}` is for a name followed by such characters (`${model}_v2`). A `$` before anything
    /// else is a plain dollar sign (`$5`, `a$`).
    private static func reference(in characters: [Character], at start: Int) throws(WorkbenchError) -> (String, Int)? {
        let isNameCharacter = { (c: Character) in c.isLetter || c.isNumber || c == "_" }
        if start < characters.count, characters[start] == "{" {
            guard let close = characters[start...].firstIndex(of: "}") else { throw .unterminatedReference }
            let name = String(characters[(start + 1)..<close])
            guard Statement.isName(name) else { throw .invalidReference(name) }
            return (name, close + 1)
        }
        guard start < characters.count, characters[start].isLetter || characters[start] == "_" else { return nil }
        var end = start
        while end < characters.count, isNameCharacter(characters[end]) { end += 1 }
        return (String(characters[start..<end]), end)
    }
}
