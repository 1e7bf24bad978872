import JupyterKernel

/// A plain value that `%set NAME = VALUE` binds and `$NAME` writes into a word: a number, text, a
/// boolean, a list of those, or none. Models, images and maps are passed by name instead.
protocol ParameterValue: WorkspaceValue {
    /// The text `$NAME` stands for; nil for none, which stands for no word.
    var word: String? { get }
}

extension TextValue: ParameterValue {
    var word: String? { text }
}

extension NumberValue: ParameterValue {
    var word: String? { summary }
}

struct BooleanValue: ParameterValue, Equatable {
    var value: Bool

    var kind: String { "boolean" }
    var summary: String { value ? "true" : "false" }
    var display: MimeBundle { .text(summary) }
    var word: String? { summary }
}

/// A list of numbers, text and booleans; `$NAME` gives its items joined by commas, as list options take them.
struct ListValue: ParameterValue {
    var items: [any ParameterValue]

    var kind: String { "list" }
    var summary: String { "[" + items.map(\.summary).joined(separator: ", ") + "]" }
    var display: MimeBundle { .text(summary) }
    var word: String? { items.compactMap(\.word).joined(separator: ",") }
}

/// No value: a parameter left unset, whose `--option $NAME` falls back to the option's default.
struct NoneValue: ParameterValue {
    var kind: String { "none" }
    var summary: String { "none" }
    var display: MimeBundle { .text(summary) }
    var word: String? { nil }
}

extension Workspace {
    /// The names `$` can take.
    public var parameterNames: [String] {
        names.filter { self[$0] is any ParameterValue }
    }

    /// The text of `$name`: nil for none; an error for an unknown name or a value that is no parameter.
    func parameterWord(_ name: String) throws(WorkbenchError) -> String? {
        try parameter(name).word
    }

    private func parameter(_ name: String) throws(WorkbenchError) -> any ParameterValue {
        guard let value = self[name] else {
            throw .unknownName(name, suggestion: NearestName.suggestion(for: name, among: parameterNames))
        }
        guard let parameter = value as? any ParameterValue else { throw .notAParameter(name: name, kind: value.kind) }
        return parameter
    }

    /// The value a literal of `%set NAME = VALUE` stands for; `$name` copies another value.
    func value(of literal: Literal, inList: Bool = false) throws(WorkbenchError) -> any ParameterValue {
        switch literal {
        case .number(let number): return NumberValue(number)
        case .text(let text): return TextValue(text)
        case .boolean(let value): return BooleanValue(value: value)
        case .none:
            guard !inList else { throw .malformedLiteral("none", reason: "a list holds numbers, text and booleans, not none") }
            return NoneValue()
        case .list(let items): return ListValue(items: try items.map { (item) throws(WorkbenchError) in try value(of: item, inList: true) })
        case .reference(let name):
            let copied = try parameter(name)
            if inList, copied is ListValue || copied is NoneValue {
                throw .malformedLiteral("$" + name, reason: "$\(name) is a \(copied.kind); a list holds numbers, text and booleans")
            }
            return copied
        }
    }
}
