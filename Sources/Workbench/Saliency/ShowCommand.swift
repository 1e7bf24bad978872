import Imaging

/// `%show MAP`: draws a map again with other colours, signs, clipping or overlay; the map keeps
/// the new style.
struct ShowCommand: Command {
    let name = "show"
    let summary = "Show a map, image or figure again, with another colormap, sign, clipping or overlay"
    let signature = CommandSignature(
        positionals: [.init("value", help: "a workspace value")],
        options: [
            .value("cmap", "NAME", help: "colormap: " + Colormap.names.joined(separator: ", ")),
            .value("sign", "SIGN", help: "absolute, positive, negative or all"),
            .value("clip", "PERCENT", help: "saturate the top PERCENT of the total magnitude (default 2; 0 divides by the maximum)"),
            .value("top", "PERCENT", help: "keep only the strongest PERCENT of pixels (100: all again)"),
            .value("alpha", "A", help: "opacity of the map over the image (default 0.55)"),
            .flag("no-overlay", help: "the map alone, not over its image"),
            .flag("overlay", help: "the map over its image again (the default)"),
        ])
    let details = """
        A map keeps the style it was last shown with. A bare name on a line is `%show name`.

        Examples: `%show ig --cmap viridis --sign all`, `%show cam --top 10`, `%show ig --no-overlay`, `ig`.
        """

    func run(_ arguments: Arguments, in environment: inout CommandEnvironment) async throws -> (any WorkspaceValue)? {
        let valueName = arguments.positional("value") ?? ""
        let value = try environment.workspace.value(named: valueName)
        guard var map = value as? MapValue else {
            guard arguments.values.isEmpty, arguments.flags.isEmpty else {
                throw WorkbenchError.failed(command: name, reason: "'\(valueName)' is a \(value.kind); only maps take display options")
            }
            return value
        }
        if let sign = try arguments.choice("sign", from: VisualizationSign.allCases.map(\.rawValue)) {
            map.style.sign = VisualizationSign(rawValue: sign)!
            map.style.colormap = MapStyle.colormap(for: map.style.sign, preferring: environment.workspace.settings.colormap)
        }
        if let name = try arguments.choice("cmap", from: Colormap.names) { map.style.colormap = try Colormap(named: name) }
        if let clip = try arguments.number("clip", range: 0...50) { map.style.clip = Float(clip) }
        if let top = try arguments.number("top", range: 0.1...100) { map.style.top = Float(top) }
        if let alpha = try arguments.number("alpha", range: 0...1) { map.style.alpha = Float(alpha) }
        if arguments.flag("no-overlay") && arguments.flag("overlay") {
            throw WorkbenchError.failed(command: name, reason: "--overlay and --no-overlay contradict each other; give one")
        }
        if arguments.flag("no-overlay") { map.style.overlay = false }
        if arguments.flag("overlay") { map.style.overlay = true }
        environment.workspace[valueName] = map
        return map
    }
}
