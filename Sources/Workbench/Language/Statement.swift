import Foundation

/// One parsed statement: `%command words…`, optionally `target = %command words…`, or a bare
/// name, which shows that value (`%show name`).
public struct Statement: Sendable, Equatable {
    public var target: String?
    public var command: String
    public var words: [String]

    public init(target: String? = nil, command: String, words: [String]) {
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
        let words = try Tokenizer.words(String(rest))
        // A bare name shows its value, as in Python.
        if target == nil, words.count == 1, Self.isName(words[0]) {
            command = "show"
            self.words = words
            return
        }
        guard let first = words.first, first.hasPrefix("%"), first.count > 1 else {
            throw .notACommand(words.first ?? text)
        }
        command = String(first.dropFirst())
        self.words = Array(words.dropFirst())
    }

    /// Workspace names: letters, digits and underscores, not starting with a digit.
    public static func isName(_ text: some StringProtocol) -> Bool {
        guard let first = text.first, first.isLetter || first == "_" else { return false }
        return text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }
}
