import Attribution
import JupyterKernel

/// `%explore IMAGE`: an interactive panel of maps (widgets); `%explore ig|sanity|gridpg|agnostic …`: the
/// teaching views.
struct ExploreCommand: Command {
    let name = "explore"
    let summary = "Explore maps interactively: method, class, VAR, colormap, sign, opacity, clip (widgets)"
    let signature = CommandSignature(
        positionals: [
            .init("image", help: "a workspace image, or a teaching view: " + TeachingView.allCases.map(\.rawValue).joined(separator: ", ")),
            .init("view-image", help: "the image of a teaching view (ig, sanity)", isOptional: true),
        ],
        options: [
            .value("model", "NAME", help: "the model (default the active one)"),
            .value("method", "NAME", help: "sanity: the method checked (default gbp); gridpg: the first method shown (default gradient)"),
            .value("iterations", "T", help: "agnostic: optimisation steps of each class's map (default 40)"),
        ])
    let details = """
        Opens a panel of Jupyter widgets (JupyterLab, Notebook 7, VS Code; ipywidgets 8's protocol) under the cell. \
        Every change of a control redraws the map: maps already computed come from a cache and answer at once; \
        a new one is computed in the background with its progress in the panel, and a newer change cancels it. \
        The panel's provenance is a click away, under the picture. Errors show in the panel and the kernel's log.

        - `%explore IMAGE`: method, class (the top five predictions first, then every class), VAR, colormap, \
        sign, opacity and clip of one image's map.
        - `%explore ig IMAGE`: Integrated Gradients with a steps slider, and the convergence delta \
        Σ A − (f(x) − f(x′)) beside the map: watch it shrink as the integral gets finer.
        - `%explore sanity IMAGE [--method gbp]`: the cascading randomization check, a slider over how many \
        layers are randomized, with the similarity to the original map.
        - `%explore gridpg [--method gradient]`: a 2×2 mosaic of confident scenes and a class picker: which cell \
        does the map of each class light up? With its GridPG score.
        - `%explore agnostic [--iterations 40]`: the input-agnostic map of every class of the model, with a play button \
        stepping through the classes.

        `e = %explore img` keeps the panel: `e` shows it again, and `%save e out/map.png` saves what it \
        shows now, with its provenance. A frontend without widgets (nbconvert, GitHub) shows a picture of the \
        panel's map instead.
        """

    func run(_ arguments: Arguments, in environment: inout CommandEnvironment) async throws -> (any WorkspaceValue)? {
        let first = arguments.positional("image") ?? ""
        let model = try ModelCommand.model(named: arguments.value("model"), in: environment.workspace, command: name)
        let settings = environment.workspace.settings
        let widgets = environment.widgets, output = environment.output
        // A workspace value named like a view is explored as an image: names the user chose win.
        let view = environment.workspace[first] == nil ? TeachingView(rawValue: first) : nil
        if view == nil, arguments.positional("view-image") != nil {
            throw WorkbenchError.invalidValue(command: name, option: "view", value: first,
                                              expected: "one of " + TeachingView.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let method = try arguments.value("method").map { try MethodCatalog.entry($0, command: name).name }
        if method != nil, view != .sanity, view != .gridpg {
            throw WorkbenchError.invalidValue(command: name, option: "--method", value: method ?? "", expected: "the sanity or gridpg view")
        }
        if arguments.value("iterations") != nil, view != .agnostic {
            throw WorkbenchError.invalidValue(command: name, option: "--iterations", value: arguments.value("iterations") ?? "",
                                              expected: "the agnostic view")
        }
        /// The one image a view of an image explores, and the model made to take it.
        func image(_ name: String?) throws -> (ImageValue, ModelValue) {
            guard let name else { throw WorkbenchError.missingArgument(command: self.name, argument: "an image") }
            return try environment.workspace.image([name], fitting: model, command: self.name)
        }
        switch view {
        case nil:
            let (image, fitted) = try image(first)
            let explorer = try environment.withProgress("explore") { progress in
                try MapExplorer(image: image, model: fitted, settings: settings, widgets: widgets, context: output, progress: progress)
            }
            return ExplorerValue(title: "maps of \(image.source)", panel: explorer.panel, root: explorer.root)
        case .ig:
            let (image, fitted) = try image(arguments.positional("view-image"))
            let explorer = try environment.withProgress("explore ig") { progress in
                try IGStepsExplorer(image: image, model: fitted, settings: settings, widgets: widgets, context: output, progress: progress)
            }
            return ExplorerValue(title: "ig steps of \(image.source)", panel: explorer.panel, root: explorer.root)
        case .sanity:
            let (image, fitted) = try image(arguments.positional("view-image"))
            let explorer = try environment.withProgress("explore sanity") { progress in
                try SanityExplorer(method: method ?? "gbp", image: image, model: fitted, settings: settings, widgets: widgets,
                                   context: output, progress: progress)
            }
            return ExplorerValue(title: "sanity check of \(image.source)", panel: explorer.panel, root: explorer.root)
        case .gridpg:
            try requireNoImage(arguments, view: "gridpg")
            let explorer = try environment.withProgress("explore gridpg") { progress in
                try GridPGExplorer(method: method ?? "gradient", model: model, settings: settings, widgets: widgets, context: output,
                                   progress: progress)
            }
            return ExplorerValue(title: "GridPG mosaic", panel: explorer.panel, root: explorer.root)
        case .agnostic:
            try requireNoImage(arguments, view: "agnostic")
            var parameters = InputAgnosticParameters()
            parameters.seed = settings.seed
            parameters.iterations = Int(try arguments.number("iterations", range: 1...100_000) ?? 40)
            let explorer = try environment.withProgress("explore agnostic") { progress in
                try AgnosticExplorer(model: model, parameters: parameters, colormap: settings.colormap, widgets: widgets, context: output,
                                     progress: progress)
            }
            return ExplorerValue(title: "input-agnostic maps of \(model.name)", panel: explorer.panel, root: explorer.root)
        }
    }

    private func requireNoImage(_ arguments: Arguments, view: String) throws {
        if let extra = arguments.positional("view-image") {
            throw WorkbenchError.invalidValue(command: name, option: "image", value: extra, expected: "none: the \(view) view takes no image")
        }
    }
}

/// The teaching views of `%explore`, by name.
enum TeachingView: String, CaseIterable {
    case ig, sanity, gridpg, agnostic
}
