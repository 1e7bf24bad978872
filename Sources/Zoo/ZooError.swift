/// What can go wrong with the embedded models, naming what would be valid.
public enum ZooError: Error, Equatable, CustomStringConvertible {
    case unknownRecipe(String, valid: [String])
    case unknownModel(String, valid: [String])
    case missingModel(String, folder: String?)
    case recipeExceedsSplit(String, scenes: Int, available: Int)
    case invalidInputSize(Int, multipleOf: Int)

    public var description: String {
        switch self {
        case .unknownRecipe(let name, let valid):
            "unknown recipe '\(name)'; the recipes are \(valid.joined(separator: ", "))"
        case .unknownModel(let name, let valid):
            "no embedded model '\(name)'; the models are \(valid.joined(separator: ", "))"
        case .missingModel(let name, let folder):
            "the model '\(name)' is not embedded in this binary and not in \(folder.map { "SALIENCY_MODELS (\($0))" } ?? "a SALIENCY_MODELS folder"): "
                + "train it with `saliency-kernel train --recipe \(name) --output FOLDER` and set SALIENCY_MODELS=FOLDER"
        case .recipeExceedsSplit(let name, let scenes, let available):
            "recipe '\(name)' asks for \(scenes) training scenes (epochs × scenes per epoch); the train split holds \(available)"
        case .invalidInputSize(let size, let multiple):
            "cannot resize the model to \(size)×\(size) pixels: the side must be a positive multiple of \(multiple)"
        }
    }
}
