import Foundation
import JupyterKernel

/// `%echo TEXT…`: prints, displays or returns its text; a tiny command that exercises every output path.
struct EchoCommand: Command {
    static let displayKinds = ["plain", "markdown", "html", "json", "svg"]

    let name = "echo"
    let summary = "Print text to stdout or stderr, display it as rich output, or return it as a value"
    let signature = CommandSignature(
        positionals: [.init("text", help: "the words to echo, joined by spaces", isOptional: true, repeats: true)],
        options: [
            .flag("stderr", help: "write to stderr instead of stdout"),
            .flag("result", help: "return the text as the cell's value (and for `name = %echo …`)"),
            .value("display", "KIND", help: "show as display_data: " + displayKinds.joined(separator: ", ")),
            .value("display-id", "ID", help: "with --display: name the display so a later --update replaces it"),
            .flag("update", help: "with --display and --display-id: update that display in place"),
        ])
    let details = """
        Examples: `%echo hello`, `%echo oops --stderr`, `%echo '<b>bold</b>' --display html`,
        `%echo '{"a": 1}' --display json`, `greeting = %echo hi --result`.
        """

    func run(_ arguments: Arguments, in environment: inout CommandEnvironment) async throws -> (any WorkspaceValue)? {
        let text = arguments.all("text").joined(separator: " ")
        if arguments.flag("result") { return TextValue(text) }
        guard let kind = try arguments.choice("display", from: Self.displayKinds) else {
            environment.output.write(text + "\n", to: arguments.flag("stderr") ? .stderr : .stdout)
            return nil
        }
        let bundle = try bundle(text, as: kind)
        let displayID = arguments.value("display-id")
        if arguments.flag("update") {
            guard let displayID else {
                throw WorkbenchError.missingArgument(command: name, argument: "--display-id with --update")
            }
            environment.output.updateDisplay(bundle, displayID: displayID)
        } else {
            environment.output.display(bundle, displayID: displayID)
        }
        return nil
    }

    private func bundle(_ text: String, as kind: String) throws(WorkbenchError) -> MimeBundle {
        switch kind {
        case "markdown": return .markdown(text)
        case "html": return .html(text, plain: text)
        case "svg": return .svg(text, plain: "<svg image>")
        case "json":
            guard let json = try? JSONValue.decode(Data(text.utf8)) else {
                throw .invalidValue(command: name, option: "TEXT", value: text, expected: "JSON with --display json")
            }
            return .json(json, plain: text)
        default: return .text(text)
        }
    }
}
