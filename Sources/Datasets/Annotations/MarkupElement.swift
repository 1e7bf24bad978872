/// An element of a small XML document (a Pascal VOC annotation): its name, attributes, child elements
/// and the character data directly inside it.
public struct MarkupElement: Sendable, Equatable {
    public var name: String
    public var attributes: [String: String]
    public var children: [MarkupElement]
    public var text: String

    public init(name: String, attributes: [String: String] = [:], children: [MarkupElement] = [], text: String = "") {
        (self.name, self.attributes, self.children, self.text) = (name, attributes, children, text)
    }

    /// The first child element called `name`.
    public func child(_ name: String) -> MarkupElement? {
        children.first { $0.name == name }
    }

    public func children(named name: String) -> [MarkupElement] {
        children.filter { $0.name == name }
    }

    /// The text of the child `name`, without surrounding white space.
    public func value(of name: String) -> String? {
        child(name).map { $0.text.trimmingWhitespace() }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        return String(drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}
