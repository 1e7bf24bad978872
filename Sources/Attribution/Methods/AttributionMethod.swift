import Networks
import Tensor

/// Every attribution method: the same verb, batched over N inputs with one target each.
///
/// The result has the inputs' shape (N×C×H×W), or N×1×h×w at a layer's resolution for the CAM
/// family before upsampling (`CAMMethod.upsampled` brings those to the input size).
public protocol AttributionMethod: Sendable {
    /// The name users type (`gradient`, `ig`, `gradcam`, …).
    var name: String { get }
    /// Every parameter with its value, defaults filled in, for provenance records.
    var parameters: [String: String] { get }
    func attribute(_ inputs: Tensor, targets: [Int], model: Network, progress: Progress) throws -> Tensor
}

/// Which class a map explains.
public enum Target: Sendable, Equatable, Hashable {
    /// A class index.
    case index(Int)
    /// The class the model predicts for each input.
    case top

    /// One class index per input; an index out of the model's range is refused when seeding.
    public func resolve(for inputs: Tensor, model: Network) throws -> [Int] {
        switch self {
        case .index(let index):
            return [Int](repeating: index, count: inputs.batchCount)
        case .top:
            return try model.forward(inputs, chunkSize: 64).argmaxAlongLastAxis()
        }
    }
}
