/// One word of a statement as the tokenizer read it: literal text and `$name` references, in order.
/// References are kept apart until the line runs, so that quoting decides what expands (`'$x'` does
/// not, as in a shell) and the workspace of that moment supplies the values.
public struct Word: Sendable, Equatable, ExpressibleByStringLiteral {
    public enum Piece: Sendable, Equatable {
        case text(String)
        case reference(String)
    }

    public var pieces: [Piece]

    public init(_ pieces: [Piece]) {
        self.pieces = pieces
    }

    /// A word of plain text, without references.
    public init(stringLiteral text: String) {
        pieces = [.text(text)]
    }

    /// The names the word refers to, in order.
    public var references: [String] {
        pieces.compactMap { if case .reference(let name) = $0 { name } else { nil } }
    }

    /// The word as written, `$name` shown as `${name}`, for messages and checks that need no values.
    public var source: String {
        pieces.map { switch $0 { case .text(let text): text; case .reference(let name): "${\(name)}" } }.joined()
    }

    /// Whether the word is one reference and nothing else (`$steps`), which may stand for no word at all.
    var isSingleReference: Bool {
        pieces.count == 1 && !references.isEmpty
    }
}
