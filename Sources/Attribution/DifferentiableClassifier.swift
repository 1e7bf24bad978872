import Tensor

/// What the model-level methods (input-agnostic maps, the backdoor scan) need from a classifier:
/// its logits for a batch, and the gradient of the cross-entropy toward given labels with respect
/// to the inputs.
public protocol DifferentiableClassifier: Sendable {
    /// The shape of one input, C×H×W.
    var inputShape: [Int] { get }
    var classCount: Int { get }
    /// N×K logits of an N×C×H×W batch.
    func logits(_ inputs: Tensor) throws -> Tensor
    /// ∂J(f(x_n), y_n)/∂x_n for every input of the batch, J the cross-entropy on the logits.
    func crossEntropyGradient(_ inputs: Tensor, labels: [Int]) throws -> Tensor
}

extension DifferentiableClassifier {
    /// The predicted class of every input of a batch.
    public func predictions(_ inputs: Tensor) throws -> [Int] {
        let scores = try logits(inputs)
        let classes = scores.shape[1]
        return (0..<scores.shape[0]).map { row in
            let slice = scores.scalars[(row * classes)..<((row + 1) * classes)]
            return slice.indices.max { slice[$0] < slice[$1] }! - row * classes
        }
    }
}
