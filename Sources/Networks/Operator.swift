import Tensor

/// Whether a pass is for inference or for a training step.
///
/// Training changes what some operators do: BatchNorm normalizes with the batch's statistics,
/// Dropout drops. The seed makes each step's dropout masks reproducible.
public enum ExecutionMode: Sendable, Equatable, Hashable {
    case inference
    case training(seed: UInt64)

    public var isTraining: Bool {
        if case .training = self { return true }
        return false
    }
}

/// Everything an operator's backward needs from its forward: the tensors it saw and produced.
public struct OperatorPass: Sendable {
    public var inputs: [Tensor]
    public var outputs: [Tensor]
    /// Which inputs want a gradient; the others get nil, which saves e.g. weight gradients in attribution.
    public var needsGradient: [Bool]
    public var mode: ExecutionMode

    public init(inputs: [Tensor], outputs: [Tensor], needsGradient: [Bool], mode: ExecutionMode) {
        self.inputs = inputs
        self.outputs = outputs
        self.needsGradient = needsGradient
        self.mode = mode
    }
}

/// One operation of the graph, with its forward and its backward side by side.
///
/// Inputs follow ONNX order, weights included (Conv takes X, W, B), so an importer maps
/// nodes one to one and backward rules can reach the weights of a layer.
public protocol Operator: Sendable {
    /// The ONNX operator type this operation implements, e.g. "Conv"; composites assign rules by it.
    var type: String { get }
    /// How many inputs the operator accepts; optional trailing inputs may be missing.
    var inputArity: ClosedRange<Int> { get }
    func forward(_ inputs: [Tensor], mode: ExecutionMode) throws -> [Tensor]
    /// Gradients of the inputs from gradients of the outputs (nil where `needsGradient` is false).
    func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?]
}

/// An operator that carries state updated by training, such as BatchNorm's running statistics.
public protocol StatefulOperator: Operator {
    /// New values for some inputs (by input position) after a training forward on `inputs`.
    func updatedState(_ inputs: [Tensor]) throws -> [Int: Tensor]
}

/// An operator affine in its first input with its weight at input 1 and optional bias at input 2
/// (Conv, ConvTranspose, Gemm): the layers whose relevance LRP rules redistribute.
public protocol LinearOperator: Operator {}

/// Errors of graph construction and execution, naming the node, tensor or shape at fault.
public enum NetworkError: Error, Equatable, CustomStringConvertible {
    case invalidGraph(String)
    case unknownName(String)
    case invalidInput(String)
    case operatorFailed(node: String, type: String, message: String)

    public var description: String {
        switch self {
        case .invalidGraph(let message): "invalid graph: \(message)"
        case .unknownName(let message): "unknown name: \(message)"
        case .invalidInput(let message): "invalid input: \(message)"
        case .operatorFailed(let node, let type, let message): "node '\(node)' (\(type)): \(message)"
        }
    }
}

extension Operator {
    public var inputArity: ClosedRange<Int> { 1...1 }

    /// The single input a one-input operator works on, or an error naming the count.
    func onlyInput(_ inputs: [Tensor]) throws -> Tensor {
        guard let first = inputs.first else {
            throw NetworkError.invalidInput("\(type) needs an input")
        }
        return first
    }
}
