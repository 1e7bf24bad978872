import Foundation

/// The words of one command, bound to its signature: positionals by name, option values, flags.
public struct Arguments: Sendable, Equatable {
    public let command: String
    public private(set) var positionals: [String: [String]] = [:]
    public private(set) var values: [String: String] = [:]
    public private(set) var flags: Set<String> = []
    /// The untouched words, for commands that take a command line.
    public let words: [String]

    /// Binds `words` to `signature`: `--name value`, `--name=value`, `--flag`, the rest positional in order.
    public init(command: String, words: [String], signature: CommandSignature) throws(WorkbenchError) {
        self.command = command
        self.words = words
        guard !signature.takesCommandLine else { return }
        for option in signature.options {
            if case .value(_, let defaultValue?) = option.kind { values[option.name] = defaultValue }
        }
        var loose: [String] = []
        var index = 0
        while index < words.count {
            let word = words[index]
            index += 1
            guard word.hasPrefix("--"), word.count > 2 else {
                loose.append(word)
                continue
            }
            let body = word.dropFirst(2)
            let name = String(body.prefix { $0 != "=" })
            let inline = body.contains("=") ? String(body.drop { $0 != "=" }.dropFirst()) : nil
            guard let option = signature.option(named: name) else {
                throw .unknownOption(command: command, option: name, suggestion:
                    NearestName.suggestion(for: name, among: signature.options.map(\.name)))
            }
            switch option.kind {
            case .flag:
                guard inline == nil else {
                    throw .invalidValue(command: command, option: "--\(name)", value: inline ?? "", expected: "no value")
                }
                flags.insert(name)
            case .value:
                if let inline {
                    values[name] = inline
                } else if index < words.count, !words[index].hasPrefix("--") {
                    values[name] = words[index]
                    index += 1
                } else {
                    throw .missingValue(command: command, option: name)
                }
            }
        }
        try bindPositionals(loose, signature.positionals)
    }

    private mutating func bindPositionals(_ loose: [String], _ declared: [CommandSignature.Positional])
        throws(WorkbenchError)
    {
        var remaining = loose[...]
        for positional in declared {
            if positional.repeats {
                positionals[positional.name] = Array(remaining)
                remaining = []
            } else if let word = remaining.popFirst() {
                positionals[positional.name] = [word]
            }
            if positionals[positional.name, default: []].isEmpty, !positional.isOptional {
                throw .missingArgument(command: command, argument: positional.name)
            }
        }
        if let extra = remaining.first { throw .unexpectedArgument(command: command, argument: extra) }
    }

    public func positional(_ name: String) -> String? {
        positionals[name]?.first
    }

    public func all(_ name: String) -> [String] {
        positionals[name] ?? []
    }

    public func value(_ name: String) -> String? {
        values[name]
    }

    /// These arguments with `value` for `name` where the line gave none (a `%set` default).
    func defaulting(_ name: String, to value: String) -> Arguments {
        var arguments = self
        if arguments.values[name] == nil, arguments.positionals[name] == nil { arguments.values[name] = value }
        return arguments
    }

    /// Whether the line itself gave option `name` (not its default).
    func given(_ name: String) -> Bool {
        words.contains { $0 == "--\(name)" || $0.hasPrefix("--\(name)=") }
    }

    /// These arguments with `value` for `name`, whatever the line gave (a sweep's per-item seed).
    func setting(_ name: String, to value: String) -> Arguments {
        var arguments = self
        arguments.values[name] = value
        return arguments
    }

    public func flag(_ name: String) -> Bool {
        flags.contains(name)
    }

    /// A number from a positional or an option, with an error naming both when it is not one.
    public func number(_ name: String, range: ClosedRange<Double>) throws(WorkbenchError) -> Double? {
        guard let text = positional(name) ?? value(name) else { return nil }
        guard let number = Double(text), number.isFinite, range.contains(number) else {
            throw .invalidValue(command: command, option: label(name), value: text,
                                expected: "a number from \(range.lowerBound.formatted()) to \(range.upperBound.formatted())")
        }
        return number
    }

    /// One of a fixed set of words, with a suggestion when misspelt.
    public func choice(_ name: String, from choices: [String]) throws(WorkbenchError) -> String? {
        guard let text = value(name) ?? positional(name) else { return nil }
        return try Self.choose(text, from: choices, command: command, option: label(name))
    }

    /// How an error names `name`: `--name` for an option, the bare name for a positional.
    private func label(_ name: String) -> String {
        values[name] != nil ? "--\(name)" : name
    }

    /// `text` if it is one of `choices`; otherwise an error listing them, with the nearest.
    static func choose(_ text: String, from choices: [String], command: String, option: String) throws(WorkbenchError) -> String {
        guard choices.contains(text) else {
            let hint = NearestName.suggestion(for: text, among: choices).map { " (did you mean \($0)?)" } ?? ""
            throw .invalidValue(command: command, option: option, value: text,
                                expected: "one of " + choices.joined(separator: ", ") + hint)
        }
        return text
    }
}
