import Foundation

/// One parsed statement: `%command words…`, optionally `target = %command words…`; a bare name,
/// which shows that value (`%show name`); or a binding `%set NAME = VALUE`, whose value is a literal
/// (`32`, `"shapes-cnn"`, `true`, `[1, 2]`) handed to `%set` as written, quotes and all.
public struct Statement: Sendable, Equatable {
    public var target: String?
    public var command: String
    public var words: [Word]

    public init(target: String? = nil, command: String, words: [Word]) {
        self.target = target
        self.command = command
        self.words = words
    }

    public init(parsing text: String) throws(WorkbenchError) {
        var rest = Substring(text)
        if let equals = text.firstIndex(of: "="), let percent = text.firstIndex(of: "%"), equals < percent {
            let name = text[..<equals].trimmingCharacters(in: .whitespaces)
            guard Self.isName(name) else { throw .invalidTarget(name) }
            target = name
            rest = text[text.index(after: equals)...]
        }
        if let binding = Self.binding(in: rest) {
            command = "set"
            words = [Word(stringLiteral: binding.name), "=", Word(stringLiteral: binding.value)]
            return
        }
        let words = try Tokenizer.words(String(rest))
        // A bare name shows its value, as in Python.
        if target == nil, words.count == 1, Self.isName(words[0].source) {
            command = "show"
            self.words = words
            return
        }
        guard let first = words.first?.source, first.hasPrefix("%"), first.count > 1 else {
            // `steps = 32` is how Python binds a value; here it is `%set steps = 32`.
            if words.count >= 3, words[1] == "=", Self.isName(words[0].source) {
                throw .bindingWithoutSet(words[0].source)
            }
            throw .notACommand(words.first?.source ?? text)
        }
        command = String(first.dropFirst())
        self.words = Array(words.dropFirst())
    }

    /// `%set NAME = VALUE` (spaces around `=` optional): the name and the value's text as written.
    private static func binding(in text: Substring) -> (name: String, value: String)? {
        let trimmed = String(text).trimmingLeadingWhitespace()
        guard trimmed.hasPrefix("%set"), let equals = trimmed.firstIndex(of: "=") else { return nil }
        let head = trimmed[trimmed.index(trimmed.startIndex, offsetBy: 4)..<equals]
        guard head.first?.isWhitespace == true else { return nil }
        let name = head.trimmingCharacters(in: .whitespaces)
        guard isName(name) else { return nil }
        return (name, String(trimmed[trimmed.index(after: equals)...]).trimmingLeadingWhitespace().trimmingTrailingWhitespace())
    }

    /// Workspace names: letters, digits and underscores, not starting with a digit.
    public static func isName(_ text: some StringProtocol) -> Bool {
        guard let first = text.first, first.isLetter || first == "_" else { return false }
        return text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }
}
