/// Splits a statement into words like a shell: whitespace separates, single or double quotes group,
/// a backslash escapes the next character outside single quotes.
public enum Tokenizer {
    public static func words(_ text: String) throws(WorkbenchError) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in text {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\", quote != "'" {
                escaped = true
                inWord = true
            } else if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "\"" || character == "'" {
                quote = character
                inWord = true
            } else if character.isWhitespace {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(character)
                inWord = true
            }
        }
        if quote != nil { throw .unterminatedQuote }
        if inWord { words.append(current) }
        return words
    }
}
