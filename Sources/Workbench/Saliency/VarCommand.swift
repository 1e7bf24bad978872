import Attribution

/// `%var METHOD IMAGE`: the base method's map beside its VAR class-relevant map.
struct VarCommand: Command {
    let name = "var"
    let summary = "VAR class-relevant map over a base method, beside the base map"
    let signature = CommandSignature(
        positionals: [
            .init("method", help: "the base method: " + MethodCatalog.names.joined(separator: ", ")),
            .init("image", help: "a workspace image"),
        ],
        options: [
            .value("target", "CLASS", help: TargetChoice.help),
            .value("model", "NAME", help: "the model (default the active one)"),
            .value("competitors", "K", default: "2", help: "the top-K predicted classes compete, with the least likely"),
            .value("temperature", "T", help: "softness of the class competition (default 0.1, the authors' code)"),
            .value("threshold", "τ", help: "how far above chance the target's share must be to keep an element (default 0.01)"),
            .value("score", "KIND", help: "what competes: absolute (|A|, default) or signed (A)"),
            .value("normalize", "KIND", help: "none (default: raw map scale) or joint (all maps divided by their common max |A|)"),
        ] + MethodCatalog.options)
    let details = """
        VAR (Walter, Vreeken & Fischer 2025) keeps of a map only what sets the target class apart \
        from the classes competing with it: evidence shared by every class (edges, texture) fades. \
        `%explain var` gives the formula. Returns the VAR map; the figure shows input, base map and VAR map.

        Example: `v = %var gbp img`, `%var gradcam img --competitors 3`, `%var lrp img --normalize joint`.
        """

    func run(_ arguments: Arguments, in environment: inout CommandEnvironment) async throws -> (any WorkspaceValue)? {
        let (image, model) = try environment.workspace.image(
            arguments.all("image"), fitting: ModelCommand.model(named: arguments.value("model"), in: environment.workspace, command: name),
            command: name)
        let images = [image]
        let base = try MapMaker(arguments.positional("method") ?? "", arguments: arguments, model: model,
                                 settings: environment.workspace.settings, command: name)
        let targets = try TargetChoice(arguments.value("target"), model: model, command: name)
            .resolve(for: images, model: model, command: name)
        var competition = ClassCompetition()
        if let temperature = try arguments.number("temperature", range: 1e-6...1e6) { competition.temperature = Float(temperature) }
        if let threshold = try arguments.number("threshold", range: -1...1) { competition.threshold = Float(threshold) }
        if let score = try arguments.choice("score", from: ClassCompetition.Score.allCases.map(\.rawValue)) {
            competition.score = ClassCompetition.Score(rawValue: score)!
        }
        if let normalization = try arguments.choice("normalize", from: ClassCompetition.Normalization.allCases.map(\.rawValue)) {
            competition.normalization = ClassCompetition.Normalization(rawValue: normalization)!
        }
        let topK = Int(try arguments.number("competitors", range: 1...100) ?? 2)
        let varMaker = base.replacing(method: VAR(base.method, competition: competition, classes: .automatic(topK: topK)))
        let (baseMap, varMap) = try environment.withProgress("var(\(base.method.name))") { progress in
            (try base.maps(of: images, targets: targets, progress: progress.stage(0, of: 2))[0],
             try varMaker.maps(of: images, targets: targets, progress: progress.stage(1, of: 2))[0])
        }
        var result = varMap
        result.companions = [baseMap]
        return result
    }
}
