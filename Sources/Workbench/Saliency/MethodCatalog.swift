import Attribution
import Imaging
import Tensor

/// The attribution methods by the names users type, built from a command's options, each with
/// the way its maps are best shown.
enum MethodCatalog {
    struct Entry: Sendable {
        let name: String
        let summary: String
        /// Magnitudes for gradient-like maps, signed evidence where the sign means something.
        let sign: @Sendable (Arguments) -> VisualizationSign
        /// The options of `options` this method reads; any other is refused rather than ignored.
        let reads: Set<String>
        let make: @Sendable (Arguments, ModelValue) throws -> any AttributionMethod

        init(name: String, summary: String, sign: VisualizationSign, reads: Set<String> = [],
             make: @escaping @Sendable (Arguments, ModelValue) throws -> any AttributionMethod) {
            self.init(name: name, summary: summary, sign: { _ in sign }, reads: reads, make: make)
        }

        init(name: String, summary: String, sign: @escaping @Sendable (Arguments) -> VisualizationSign, reads: Set<String>,
             make: @escaping @Sendable (Arguments, ModelValue) throws -> any AttributionMethod) {
            (self.name, self.summary, self.sign, self.reads, self.make) = (name, summary, sign, reads, make)
        }
    }

    /// The options every method command accepts; each method reads those that concern it.
    static let options: [CommandSignature.Option] = [
        .flag("signed", help: "gradient: keep the sign of ∂f/∂x instead of its magnitude"),
        .value("steps", "N", help: "ig: integration steps (default 50)"),
        .value("integration", "RULE", help: "ig: " + IntegrationRule.allCases.map(\.rawValue).joined(separator: ", ")
            + " (default gausslegendre, as Captum)"),
        .value("rule", "NAME", help: "lrp: " + LayerwiseRelevancePropagation.Rules.allCases.map(\.rawValue).joined(separator: ", ")),
        .value("baseline", "NAME", help: "ig, deeplift, occlusion, rise: black, white, zero or blur (default black)"),
        .value("samples", "N", help: "smoothgrad, smoothgrad-sq, vargrad, gradientshap, rise: noisy samples or masks"),
        .value("noise", "FRACTION", help: "smoothgrad, smoothgrad-sq, vargrad, gradientshap: noise σ as a fraction of the input's range (default 0.15)"),
        .value("layer", "NAME", help: "gradcam, gradcampp, layercam, guided-gradcam: the layer, in any layout (default: the last one with places that every path and the gradient pass through)"),
        .value("epsilon", "E", help: "lrp: ε of the ε-rule (default 1e-6)"),
        .value("gamma", "G", help: "lrp: γ of the γ-rule (default 0.25)"),
        .value("window", "N", help: "occlusion: the side of the occluding square (default 8)"),
        .value("stride", "N", help: "occlusion: the step between squares (default 4)"),
        .value("seed", "N", help: "random methods: the seed (default 0, or the one `%set seed` chose)"),
    ]

    static let entries: [Entry] = [
        Entry(name: "gradient", summary: "|∂f/∂x|, the vanilla gradient (Simonyan et al.)",
              sign: { $0.flag("signed") ? .all : .absolute }, reads: ["signed"]) { arguments, _ in
            Saliency(absolute: !arguments.flag("signed"))
        },
        Entry(name: "inputxgradient", summary: "x ⊙ ∂f/∂x", sign: .all) { _, _ in InputTimesGradient() },
        Entry(name: "ig", summary: "Integrated Gradients (Sundararajan et al.)", sign: .all, reads: ["steps", "integration", "baseline"]) { arguments, model in
            IntegratedGradients(steps: try int(arguments, "steps", 1...4096) ?? 50,
                                rule: try choice(arguments, "integration", IntegrationRule.self) ?? .gaussLegendre,
                                baseline: try baseline(arguments, model))
        },
        Entry(name: "deeplift", summary: "DeepLIFT, rescale rule (Shrikumar et al.)", sign: .all, reads: ["baseline"]) { arguments, model in
            DeepLift(baseline: try baseline(arguments, model))
        },
        Entry(name: "smoothgrad", summary: "SmoothGrad: gradients averaged over noisy copies", sign: .absolute, reads: noiseOptions) { arguments, _ in
            try noiseTunnel(.smoothGrad, arguments)
        },
        Entry(name: "smoothgrad-sq", summary: "SmoothGrad²: squared gradients averaged over noisy copies", sign: .positive, reads: noiseOptions) { arguments, _ in
            try noiseTunnel(.smoothGradSquared, arguments)
        },
        Entry(name: "vargrad", summary: "VarGrad: the variance of gradients over noisy copies", sign: .positive, reads: noiseOptions) { arguments, _ in
            try noiseTunnel(.varGrad, arguments)
        },
        Entry(name: "gbp", summary: "Guided Backpropagation (Springenberg et al.)", sign: .absolute) { _, _ in
            ModifiedBackprop(.guidedBackprop)
        },
        Entry(name: "deconvnet", summary: "Deconvnet (Zeiler & Fergus)", sign: .absolute) { _, _ in ModifiedBackprop(.deconvnet) },
        Entry(name: "gradcam", summary: "Grad-CAM (Selvaraju et al.)", sign: .positive, reads: ["layer"]) { arguments, model in
            ClassActivationMapping(.gradCAM, layer: try layer(arguments, model))
        },
        Entry(name: "gradcampp", summary: "Grad-CAM++ (Chattopadhay et al.)", sign: .positive, reads: ["layer"]) { arguments, model in
            ClassActivationMapping(.gradCAMPlusPlus, layer: try layer(arguments, model))
        },
        Entry(name: "layercam", summary: "LayerCAM (Jiang et al.)", sign: .positive, reads: ["layer"]) { arguments, model in
            ClassActivationMapping(.layerCAM, layer: try layer(arguments, model))
        },
        Entry(name: "guided-gradcam", summary: "Guided Grad-CAM: GBP × Grad-CAM", sign: .absolute, reads: ["layer"]) { arguments, model in
            GuidedGradCAM(layer: try layer(arguments, model))
        },
        Entry(name: "lrp", summary: "Layer-wise Relevance Propagation with Zennit's composites", sign: .all, reads: ["rule", "epsilon", "gamma"]) { arguments, model in
            // The box rule's bounds are black and white pixels as the model sees them, channel by channel.
            let channels = [1, model.inputShape[0], 1, 1]
            let (black, white) = (Tensor(shape: channels, repeating: 0), Tensor(shape: channels, repeating: 1))
            return LayerwiseRelevancePropagation(
                rules: try choice(arguments, "rule", LayerwiseRelevancePropagation.Rules.self) ?? .epsilonPlusFlat,
                epsilon: try float(arguments, "epsilon", 0...1e3) ?? 1e-6, gamma: try float(arguments, "gamma", 0...1e3) ?? 0.25,
                inputBounds: (try model.normalization.applied(to: black), try model.normalization.applied(to: white)))
        },
        Entry(name: "occlusion", summary: "Occlusion: the score drop when a square is covered", sign: .all, reads: ["window", "stride", "baseline"]) { arguments, model in
            Occlusion(window: try int(arguments, "window", 1...4096) ?? 8, stride: try int(arguments, "stride", 1...4096) ?? 4,
                      baseline: try baseline(arguments, model))
        },
        Entry(name: "rise", summary: "RISE: scores under random masks (Petsiuk et al.)", sign: .positive, reads: ["samples", "seed", "baseline"]) { arguments, model in
            RISE(masks: try int(arguments, "samples", 1...100_000) ?? 2000, seed: try seed(arguments),
                 baseline: try baseline(arguments, model))
        },
        Entry(name: "gradientshap", summary: "GradientSHAP: expected gradients from noisy baselines", sign: .all, reads: noiseOptions) { arguments, _ in
            GradientSHAP(samples: try int(arguments, "samples", 1...4096) ?? 5, noise: try float(arguments, "noise", 0...10) ?? 0,
                         seed: try seed(arguments))
        },
    ]

    static var names: [String] { entries.map(\.name) }

    private static let noiseOptions: Set<String> = ["samples", "noise", "seed"]

    /// Refuses a method option that none of `methods` reads (`--steps` with gradcam), naming the methods
    /// that do: an option silently ignored would leave the user believing it took effect.
    static func requireReaders(of arguments: Arguments, among methods: [Entry]) throws {
        let read = methods.reduce(into: Set<String>()) { $0.formUnion($1.reads) }
        for option in options.map(\.name) where !read.contains(option) {
            guard arguments.value(option) != nil || arguments.flag(option) else { continue }
            let readers = entries.filter { $0.reads.contains(option) }.map(\.name)
            throw WorkbenchError.invalidValue(
                command: arguments.command, option: "--\(option)", value: methods.map(\.name).joined(separator: ","),
                expected: "a method that reads it: " + readers.joined(separator: ", "))
        }
    }

    static func entry(_ name: String, command: String) throws -> Entry {
        guard let entry = entries.first(where: { $0.name == name.lowercased() }) else {
            let hint = NearestName.suggestion(for: name, among: names).map { " (did you mean \($0)?)" } ?? ""
            throw WorkbenchError.invalidValue(command: command, option: "method", value: name,
                                              expected: "one of " + names.joined(separator: ", ") + hint)
        }
        return entry
    }

    private static func int(_ arguments: Arguments, _ name: String, _ range: ClosedRange<Double>) throws -> Int? {
        try arguments.number(name, range: range).map { Int($0) }
    }

    private static func float(_ arguments: Arguments, _ name: String, _ range: ClosedRange<Double>) throws -> Float? {
        try arguments.number(name, range: range).map { Float($0) }
    }

    /// Captum's NoiseTunnel over the plain gradient, with its defaults (25 samples, σ 15 % of the range).
    private static func noiseTunnel(_ kind: NoiseTunnel.Kind, _ arguments: Arguments) throws -> NoiseTunnel {
        NoiseTunnel(Saliency(), kind: kind, samples: try int(arguments, "samples", 1...4096) ?? 25,
                    noiseFraction: try float(arguments, "noise", 0...10) ?? 0.15, seed: try seed(arguments))
    }

    /// The `--layer` named, checked against the model's layers so that a typo gets the nearest name;
    /// without one, the model's default CAM layer, named so that the provenance says which it was.
    private static func layer(_ arguments: Arguments, _ model: ModelValue) throws -> String? {
        guard let layer = arguments.value("layer") else { return try model.defaultCAMLayer() }
        let names = model.network.nodes.map(\.name)
        guard !names.contains(layer), !model.network.nodes.contains(where: { $0.outputs.contains(layer) }) else { return layer }
        let hint = NearestName.suggestion(for: layer, among: names).map { " (did you mean \($0)?)" } ?? ""
        let valid = names.count <= 40 ? "one of " + names.joined(separator: ", ") : "a layer that `%model info` lists"
        throw WorkbenchError.invalidValue(command: arguments.command, option: "--layer", value: layer, expected: valid + hint)
    }

    private static func seed(_ arguments: Arguments) throws -> UInt64 {
        UInt64(try arguments.number("seed", range: 0...9e15) ?? 0)
    }

    private static func choice<Choice: RawRepresentable & CaseIterable>(_ arguments: Arguments, _ name: String,
                                                                         _ type: Choice.Type) throws -> Choice?
        where Choice.RawValue == String
    {
        try arguments.choice(name, from: Choice.allCases.map(\.rawValue)).flatMap(Choice.init(rawValue:))
    }

    /// Baselines are named in pixel space and mapped into the model's input space.
    private static func baseline(_ arguments: Arguments, _ model: ModelValue) throws -> Baseline {
        switch try arguments.choice("baseline", from: ["black", "white", "zero", "blur"]) ?? "black" {
        case "zero": return .zeros
        case "black" where model.normalization == .unit: return .zeros
        case "blur": return .blurred(sigma: 5)
        case let colour:
            let pixels = Tensor(shape: [1] + model.inputShape, repeating: colour == "white" ? 1 : 0)
            return .tensor(try model.normalization.applied(to: pixels))
        }
    }
}
