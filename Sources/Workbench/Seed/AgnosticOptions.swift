import Attribution
import Tensor

/// The options of the input-agnostic commands, shared by `%agnostic` and `%backdoor`.
enum AgnosticOptions {
    static let options: [CommandSignature.Option] = [
        .value("iterations", "T", help: "optimisation steps per restart (default 100)"),
        .value("restarts", "R", help: "restarts averaged by the refinement (default 1)"),
        .value("batch", "B", help: "random samples per step (default 32)"),
        .value("norm", "NORM", help: "l2 (default) or infinity"),
        .value("bound", "ETA", help: "the norm bound η of the perturbation (default derived from the input size)"),
        .value("seed", "N", help: "the seed (default 0, or the one `%set seed` chose)"),
        .value("distribution", "NAME", help: "uniform (default) or gaussian: the noise the samples are drawn from"),
        .value("sigma", "S", help: "the gaussian's standard deviation as a fraction of the input range (default 0.1)"),
        .value("from", "NAMES", help: "draw the samples from these images or sets instead of noise"),
        .value("nudges", "K", help: "gradient-descent nudges per sample and step (default 1)"),
        .value("step", "A", help: "the length α of one nudge (default η/10)"),
        .value("rate", "L", help: "the learning rate λ of the signal's update (default η/T·10)"),
        .flag("moments", help: "update the signal with first- and second-moment estimates, as the specification suggests (default off)"),
    ]

    /// The parameters the line gives, the specification's defaults for the rest and the session's seed.
    static func parameters(_ arguments: Arguments, workspace: Workspace, model: ModelValue, command: String) throws -> InputAgnosticParameters {
        var parameters = InputAgnosticParameters()
        parameters.seed = workspace.settings.seed
        // The three ways to draw samples exclude each other: a line that mixes them would leave one ignored.
        let distribution = try arguments.choice("distribution", from: ["uniform", "gaussian"])
        if let names = arguments.value("from") {
            if let distribution {
                throw WorkbenchError.invalidValue(command: command, option: "--distribution", value: distribution,
                                                  expected: "no distribution when --from draws the samples from images")
            }
            parameters.distribution = .images(try pixels(of: names, workspace: workspace, model: model, command: command))
        }
        let sigma = try arguments.number("sigma", range: 1e-4...10)
        if let sigma, distribution != "gaussian" {
            throw WorkbenchError.invalidValue(command: command, option: "--sigma", value: String(sigma),
                                              expected: "--distribution gaussian beside it (the uniform noise has no σ)")
        }
        if distribution == "gaussian" { parameters.distribution = .gaussian(standardDeviation: Float(sigma ?? 0.1)) }
        if let value = try arguments.number("iterations", range: 1...100_000) { parameters.iterations = Int(value) }
        if let value = try arguments.number("restarts", range: 1...100) { parameters.restarts = Int(value) }
        if let value = try arguments.number("batch", range: 1...4096) { parameters.samplesPerIteration = Int(value) }
        if let norm = try arguments.choice("norm", from: NormBound.Norm.allCases.map(\.rawValue)) {
            parameters.norm = NormBound.Norm(rawValue: norm)!
        }
        if let value = try arguments.number("bound", range: 1e-6...1e6) { parameters.bound = Float(value) }
        if let value = try arguments.number("seed", range: 0...9e15) { parameters.seed = UInt64(value) }
        if let value = try arguments.number("nudges", range: 0...100) { parameters.nudges = Int(value) }
        if let value = try arguments.number("step", range: 1e-6...1e6) { parameters.nudgeSize = Float(value) }
        if let value = try arguments.number("rate", range: 1e-9...1e6) { parameters.learningRate = Float(value) }
        parameters.moments = arguments.flag("moments")
        return parameters
    }

    /// The named images and sets as one batch in pixel space, where the input-agnostic commands'
    /// classifiers work: the images leave the model's normalisation.
    static func pixels(of names: String, workspace: Workspace, model: ModelValue, command: String) throws -> Tensor {
        try model.normalization.inverted(try workspace.images([names], for: model, command: command).batch())
    }

    /// Every parameter as text, for provenance.
    static func record(_ parameters: InputAgnosticParameters) -> [String: String] {
        var record = [
            "iterations": String(parameters.iterations), "restarts": String(parameters.restarts),
            "samples_per_iteration": String(parameters.samplesPerIteration), "norm": parameters.norm.rawValue,
            "surface": parameters.surface.rawValue, "bound": parameters.bound.map { String($0) } ?? "derived",
            "distribution": parameters.distribution.name, "moments": String(parameters.moments),
            "nudges": String(parameters.nudges), "step": parameters.nudgeSize.map { String($0) } ?? "derived",
            "rate": parameters.learningRate.map { String($0) } ?? "derived", "seed": String(parameters.seed),
        ]
        // Which images the samples came from, not only how many.
        if case .images(let images) = parameters.distribution { record["samples_sha256"] = images.sha256 }
        return record
    }
}
