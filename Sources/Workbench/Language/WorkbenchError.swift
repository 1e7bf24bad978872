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

    /// The exception-like name the kernel reports as `ename`.
    public var name: String {
        switch self {
        case .unterminatedQuote, .notACommand, .invalidTarget: "SyntaxError"
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
        }
    }

    private static func hint(_ suggestion: String?) -> String {
        suggestion.map { "; did you mean \($0)?" } ?? ""
    }
}
