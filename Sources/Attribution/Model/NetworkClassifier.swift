import Networks
import Tensor

/// A network seen as a classifier by the model-level methods (input-agnostic maps, the backdoor
/// scan): logits in chunks, and the cross-entropy gradient from one traced pass per chunk.
public struct NetworkClassifier: DifferentiableClassifier {
    public let network: Network
    public let classCount: Int
    /// Inputs per forward and backward pass; bounds memory on large batches.
    public var chunkSize: Int

    public init(_ network: Network, chunkSize: Int = 64) throws {
        self.network = network
        self.chunkSize = chunkSize
        classCount = try network.classCount()
    }

    public var inputShape: [Int] { network.inputShape }

    public func logits(_ inputs: Tensor) throws -> Tensor {
        try network.forward(inputs, chunkSize: chunkSize)
    }

    /// ∂J/∂x with J = −log softmax(f(x))_y: the seed on the logits is softmax(f(x)) − onehot(y).
    public func crossEntropyGradient(_ inputs: Tensor, labels: [Int]) throws -> Tensor {
        guard labels.count == inputs.batchCount else {
            throw AttributionError.invalidArgument("\(labels.count) labels for \(inputs.batchCount) inputs")
        }
        var parts: [Tensor] = []
        for range in Tensor.chunks(of: inputs.batchCount, size: chunkSize) {
            let trace = try network.trace(inputs.batch(range))
            var seed = try trace.value(network.outputs[0]).softmax(alongAxis: 1)
            for (row, label) in labels[range].enumerated() {
                guard (0..<classCount).contains(label) else {
                    throw AttributionError.invalidArgument("label \(label) is out of range: the model has classes 0…\(classCount - 1)")
                }
                seed.scalars[row * classCount + label] -= 1
            }
            guard let gradient = try network.backward(trace, seed: seed).input else {
                throw AttributionError.invalidArgument("the model has \(network.inputs.count) inputs; attribution needs one")
            }
            parts.append(gradient)
        }
        return try Tensor.concatenated(parts, alongAxis: 0)
    }
}
