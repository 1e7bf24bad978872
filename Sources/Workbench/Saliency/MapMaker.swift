import Attribution
import Imaging
import Tensor

/// Computes maps of one method for several images in one batched call, and wraps them as
/// workspace values with their provenance.
struct MapMaker {
    var method: any AttributionMethod
    var model: ModelValue
    /// How the method's maps are best shown.
    var sign: VisualizationSign
    /// The session's colormap for new maps, if `%set` chose one.
    var colormap: Colormap?

    /// Makers of the methods `names` with the line's options, the session's seed where the line gives
    /// none; an option that none of the methods reads is refused rather than ignored.
    static func makers(_ names: [String], arguments: Arguments, model: ModelValue, settings: Settings,
                       command: String) throws -> [MapMaker] {
        let entries = try names.map { try MethodCatalog.entry($0, command: command) }
        try MethodCatalog.requireReaders(of: arguments, among: entries)
        let seeded = arguments.defaulting("seed", to: String(settings.seed))
        return try entries.map {
            MapMaker(method: try $0.make(seeded, model), model: model, sign: $0.sign(arguments), colormap: settings.colormap)
        }
    }

    /// The same maker with another method of the same kind (VAR over this one) or another model.
    func replacing(method: (any AttributionMethod)? = nil, model: ModelValue? = nil) -> MapMaker {
        var maker = self
        maker.method = method ?? self.method
        maker.model = model ?? self.model
        return maker
    }

    /// One map per image, for the class each target names.
    func maps(of images: [ImageValue], targets: [Int], progress: Progress) throws -> [MapValue] {
        let inputs = try images.batch()
        var attribution: Tensor
        var gaps: [Float]?
        if let complete = method as? any CompletenessReporting {
            (attribution, gaps) = try complete.attributeWithDelta(inputs, targets: targets, model: model.network, progress: progress)
        } else {
            attribution = try method.attribute(inputs, targets: targets, model: model.network, progress: progress)
        }
        let raw = attribution
        let (height, width) = (inputs.shape[2], inputs.shape[3])
        let upsampled = attribution.shape[2] != height || attribution.shape[3] != width
        if upsampled {
            attribution = try ClassActivationMapping.upsampled(attribution, height: height, width: width)
        }
        return try images.indices.map { index in
            var parameters = method.parameters
            // Σ A − (f(x) − f(x′)): how far IG's integral or DeepLIFT's rules are from completeness.
            if let gaps { parameters["convergence_delta"] = String(gaps[index]) }
            return MapValue(attribution: try attribution.batch(index..<(index + 1)),
                     raw: upsampled ? try raw.batch(index..<(index + 1)) : nil,
                     image: images[index], method: method.name, target: targets[index],
                     targetLabel: model.label(targets[index]), parameters: parameters, model: model,
                     style: MapStyle(sign: sign, colormap: colormap))
        }
    }
}

extension MapMaker {
    /// The maker of the one method `name`.
    init(_ name: String, arguments: Arguments, model: ModelValue, settings: Settings, command: String) throws {
        self = try Self.makers([name], arguments: arguments, model: model, settings: settings, command: command)[0]
    }
}

/// Which class a map explains, as typed after `--target`.
enum TargetChoice: Equatable {
    case top
    /// The image's ground-truth class.
    case label
    case index(Int)

    static let help = "top (the predicted class, default), label (the true class), a class index or name"

    init(_ text: String?, model: ModelValue, command: String) throws {
        switch text ?? "top" {
        case "top": self = .top
        case "label": self = .label
        case let text: self = .index(try model.classIndex(text, command: command))
        }
    }

    /// One class per image.
    func resolve(for images: [ImageValue], model: ModelValue, command: String) throws -> [Int] {
        switch self {
        case .index(let index):
            return images.map { _ in index }
        case .label:
            return try images.map { image in
                guard let label = image.label else {
                    throw WorkbenchError.failed(command: command, reason: "\(image.source) has no known class; use --target top or a class")
                }
                return label
            }
        case .top:
            let inputs = try images.batch()
            return try model.network.forward(inputs, chunkSize: 64).argmaxAlongLastAxis()
        }
    }
}
