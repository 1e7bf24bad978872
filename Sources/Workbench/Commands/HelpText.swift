/// The markdown help of commands, written from their signatures so it is never out of date.
enum HelpText {
    static func usage(of command: any Command) -> String {
        let signature = command.signature
        var parts = ["%" + command.name]
        if signature.takesCommandLine { parts.append("COMMAND…") }
        for positional in signature.positionals {
            let word = positional.name.uppercased() + (positional.repeats ? "…" : "")
            parts.append(positional.isOptional ? "[\(word)]" : word)
        }
        for option in signature.options {
            switch option.kind {
            case .flag: parts.append("[--\(option.name)]")
            case .value(let placeholder, _): parts.append("[--\(option.name) \(placeholder)]")
            }
        }
        return parts.joined(separator: " ")
    }

    static func detail(of command: any Command) -> String {
        var lines = ["### %\(command.name)", "", command.summary, "", "```", usage(of: command), "```"]
        let signature = command.signature
        if !signature.positionals.isEmpty || !signature.options.isEmpty {
            lines += ["", "| argument | meaning |", "|---|---|"]
            for positional in signature.positionals {
                lines.append("| `\(positional.name.uppercased())` | \(positional.help) |")
            }
            for option in signature.options {
                var meaning = option.help
                if case .value(_, let defaultValue?) = option.kind { meaning += " (default `\(defaultValue)`)" }
                lines.append("| `--\(option.name)` | \(meaning) |")
            }
        }
        lines += ["", command.details]
        return lines.joined(separator: "\n")
    }

    static func overview(of registry: CommandRegistry) -> String {
        var lines = [
            "### Saliency Workbench commands", "",
            "One command per line: `%name args`, or `name = %command args` to keep the result.",
            "`#` starts a comment, a trailing `\\` continues the line. `%help NAME` explains one command.",
            "`%set NAME = VALUE` binds a number, quoted text, true/false, none or a list; `$NAME` uses it in any word "
                + "(`--steps $steps`): see `%help set`.", "",
            "| command | what it does |", "|---|---|",
        ]
        for name in registry.names {
            if let command = try? registry.command(named: name) {
                lines.append("| `%\(name)` | \(command.summary) |")
            }
        }
        return lines.joined(separator: "\n")
    }
}
