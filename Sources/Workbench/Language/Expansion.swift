/// A statement's words with every `$name` replaced by the text of its value: a number as written
/// (`32`, `0.5`), text as is, `true`/`false`, a list as its items joined by commas (`gradient,ig`,
/// the form list options take). A word that is only a reference to `none` stands for no word: it is
/// left out, with the `--option` before it, so the command's default applies.
public struct Expansion: Sendable {
    public private(set) var words: [String] = []
    /// The reference each expanded word came from, so a command's refusal of it can say so.
    private var origins: [String: String] = [:]

    /// `resolve` gives a name's text, nil for none, or throws for a name with no such value.
    public init(_ words: [Word], resolve: (String) throws(WorkbenchError) -> String?) throws(WorkbenchError) {
        var previousIsOption = false
        for word in words {
            guard let reference = word.references.first else {
                self.words.append(word.source)
                previousIsOption = word.source.hasPrefix("--") && !word.source.contains("=")
                continue
            }
            if let text = try Self.expand(word, resolve) {
                self.words.append(text)
                origins[text] = reference
            } else if word.isSingleReference, previousIsOption {
                self.words.removeLast()
            }
            previousIsOption = false
        }
    }

    /// The word's text with its references' values; nil when it stands for none.
    private static func expand(_ word: Word, _ resolve: (String) throws(WorkbenchError) -> String?)
        throws(WorkbenchError) -> String?
    {
        var text = ""
        for piece in word.pieces {
            switch piece {
            case .text(let part): text += part
            case .reference(let name):
                guard let value = try resolve(name) else {
                    guard word.isSingleReference || isInlineOption(word) else {
                        throw .noneInsideWord(name: name, word: word.source)
                    }
                    return nil
                }
                text += value
            }
        }
        return text
    }

    /// The error, citing the reference whose value it refuses (`--steps` got `abc` from `$steps`).
    public func citing(_ error: WorkbenchError) -> WorkbenchError {
        let refused: String? = switch error {
        case .invalidValue(_, _, let value, _): value
        case .unknownName(let name, _): name
        case .unexpectedArgument(_, let argument): argument
        default: nil
        }
        guard let refused, let reference = origins[refused] else { return error }
        return .fromReference(error, reference: reference)
    }

    /// `--option=$name`: text, then one reference.
    private static func isInlineOption(_ word: Word) -> Bool {
        guard word.pieces.count == 2, case .text(let head) = word.pieces[0] else { return false }
        return head.hasPrefix("--") && head.hasSuffix("=")
    }
}
