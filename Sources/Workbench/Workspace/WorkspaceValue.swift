import JupyterKernel

/// Anything a command can store under a name. Later layers add models, images and saliency maps.
public protocol WorkspaceValue: Sendable {
    /// A short type word for `%who` ("text", "number", "model", …).
    var kind: String { get }
    /// One line for `%who`.
    var summary: String { get }
    /// How the value shows as a cell's result.
    var display: MimeBundle { get }
}

public struct TextValue: WorkspaceValue, Equatable {
    public var text: String

    public init(_ text: String) { self.text = text }

    public var kind: String { "text" }
    public var summary: String { text.count > 60 ? String(text.prefix(57)) + "..." : text }
    public var display: MimeBundle { .text(text) }
}

public struct NumberValue: WorkspaceValue, Equatable {
    public var number: Double

    public init(_ number: Double) { self.number = number }

    public var kind: String { "number" }
    public var summary: String { number.rounded() == number && abs(number) < 1e15 ? String(Int(number)) : String(number) }
    public var display: MimeBundle { .text(summary) }
}
