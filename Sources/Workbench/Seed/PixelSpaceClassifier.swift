import Attribution
import Imaging
import Tensor

/// The model seen on pixels in [0, 1]: input-agnostic maps draw their samples and bound their
/// perturbations in pixel space, whatever normalization the model expects.
struct PixelSpaceClassifier: DifferentiableClassifier {
    let classifier: NetworkClassifier
    let normalization: Normalization

    init(_ model: ModelValue) throws {
        classifier = try NetworkClassifier(model.network)
        normalization = model.normalization
    }

    var inputShape: [Int] { classifier.inputShape }
    var classCount: Int { classifier.classCount }

    func logits(_ inputs: Tensor) throws -> Tensor {
        try classifier.logits(try normalization.applied(to: inputs))
    }

    /// The chain rule through x̂ = (x − mean)/std: the gradient divided by each channel's std.
    func crossEntropyGradient(_ inputs: Tensor, labels: [Int]) throws -> Tensor {
        var gradient = try classifier.crossEntropyGradient(try normalization.applied(to: inputs), labels: labels)
        let (channels, plane) = (gradient.shape[1], gradient.shape[2] * gradient.shape[3])
        for index in gradient.scalars.indices {
            let channel = (index / plane) % channels
            gradient.scalars[index] /= normalization.std[normalization.std.count == 1 ? 0 : channel]
        }
        return gradient
    }
}
