/// What a command accepts: named positional arguments, then `--options`. Help text, completion and
/// argument checking are all derived from it, so they cannot disagree.
public struct CommandSignature: Sendable {
    public struct Positional: Sendable {
        public var name: String
        public var help: String
        public var isOptional: Bool
        /// The last positional may take all remaining words (`%del a b c`).
        public var repeats: Bool

        public init(_ name: String, help: String, isOptional: Bool = false, repeats: Bool = false) {
            self.name = name
            self.help = help
            self.isOptional = isOptional
            self.repeats = repeats
        }
    }

    public struct Option: Sendable {
        public enum Kind: Sendable {
            case flag
            case value(placeholder: String, defaultValue: String?)
        }

        public var name: String
        public var kind: Kind
        public var help: String

        public static func flag(_ name: String, help: String) -> Option {
            Option(name: name, kind: .flag, help: help)
        }

        public static func value(_ name: String, _ placeholder: String, default defaultValue: String? = nil,
                                 help: String) -> Option
        {
            Option(name: name, kind: .value(placeholder: placeholder, defaultValue: defaultValue), help: help)
        }
    }

    public var positionals: [Positional]
    public var options: [Option]
    /// Everything after the command name is handed over unparsed (`%time %sleep 1 --steps 4`).
    public var takesCommandLine: Bool

    public init(positionals: [Positional] = [], options: [Option] = [], takesCommandLine: Bool = false) {
        self.positionals = positionals
        self.options = options
        self.takesCommandLine = takesCommandLine
    }

    public func option(named name: String) -> Option? {
        options.first { $0.name == name }
    }
}
