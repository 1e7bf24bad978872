/// Everything that can go wrong in a cell, each naming the culprit and, where one is close, the fix.
public enum WorkbenchError: Error, Equatable, CustomStringConvertible {
    case unterminatedQuote
    case notACommand(String)
    case invalidTarget(String)
    case unknownCommand(String, suggestion: String?)
    case unknownOption(command: String, option: String, suggestion: String?)
    case missingValue(command: String, option: String)
    case invalidValue(command: String, option: String, value: String, expected: String)
    case missingArgument(command: String, argument: String)
    case unexpectedArgument(command: String, argument: String)
    case unknownName(String, suggestion: String?)
    case noValueToAssign(command: String, target: String)
    case failed(command: String, reason: String)
    case unterminatedReference
    case invalidReference(String)
    case bindingWithoutSet(String)
    case malformedLiteral(String, reason: String)
    case notAParameter(name: String, kind: String)
    case noneInsideWord(name: String, word: String)
    /// A value from `$name` that the command refused: the refusal, and where the value came from.
    indirect case fromReference(WorkbenchError, reference: String)

    /// The exception-like name the kernel reports as `ename`.
    public var name: String {
        switch self {
        case .unterminatedQuote, .notACommand, .invalidTarget, .unterminatedReference, .invalidReference,
             .bindingWithoutSet, .malformedLiteral: "SyntaxError"
        case .notAParameter, .noneInsideWord: "TypeError"
        case .fromReference(let error, _): error.name
        case .unknownCommand: "UnknownCommand"
        case .unknownOption, .missingValue, .invalidValue, .missingArgument, .unexpectedArgument: "UsageError"
        case .unknownName: "NameError"
        case .noValueToAssign: "AssignmentError"
        case .failed: "CommandError"
        }
    }

    public var description: String {
        switch self {
        case .unterminatedQuote:
            "a quote is not closed"
        case .notACommand(let text):
            "expected a command such as %help, found '\(text)'"
        case .invalidTarget(let target):
            "'\(target)' cannot be assigned to: a name is letters, digits and _ and does not start with a digit"
        case .unknownCommand(let name, let suggestion):
            "unknown command %\(name)" + Self.hint(suggestion.map { "%" + $0 }) + " (%help lists all commands)"
        case .unknownOption(let command, let option, let suggestion):
            "%\(command) has no option --\(option)" + Self.hint(suggestion.map { "--" + $0 })
        case .missingValue(let command, let option):
            "%\(command) --\(option) needs a value"
        case .invalidValue(let command, let option, let value, let expected):
            "%\(command) \(option) expects \(expected), got '\(value)'"
        case .missingArgument(let command, let argument):
            "%\(command) needs \(argument)"
        case .unexpectedArgument(let command, let argument):
            "%\(command) takes no further argument, got '\(argument)'"
        case .unknownName(let name, let suggestion):
            "no value named '\(name)' in the workspace" + Self.hint(suggestion)
        case .noValueToAssign(let command, let target):
            "%\(command) gives no value to assign to \(target)"
        case .failed(let command, let reason):
            "%\(command): \(reason)"
        case .unterminatedReference:
            "a ${ is not closed by }"
        case .invalidReference(let name):
            "'${\(name)}' does not name a value: a name is letters, digits and _ and does not start with a digit"
        case .bindingWithoutSet(let name):
            "a value is bound with %set: write %set \(name) = VALUE"
        case .malformedLiteral(let text, let reason):
            "'\(text)' is not a value: \(reason). " + Self.literalForms
        case .notAParameter(let name, let kind):
            "$\(name) is a \(kind); $ takes the values %set binds (numbers, text, booleans, lists): "
                + "write \(name) without $ to pass the \(kind) itself"
        case .noneInsideWord(let name, let word):
            "$\(name) is none, which stands for no value, so it cannot be part of the word '\(word)'"
        case .fromReference(let error, let reference):
            "\(error) (the value of $\(reference))"
        }
    }

    /// What `%set NAME = VALUE` accepts, for every message about a malformed value.
    static let literalForms = "Values are numbers (32, -0.5, 1e-3), quoted text (\"shapes-cnn\"), true, false, none, "
        + "lists of those ([1, 2, 3]) and $NAME of another value"

    private static func hint(_ suggestion: String?) -> String {
        suggestion.map { "; did you mean \($0)?" } ?? ""
    }
}
