import Tensor

/// One term of an LRP rule on a linear layer: the layer evaluated on a modified input with modified
/// parameters (Zennit calls the pair an input and a parameter modifier).
///
/// LRP rules differ only in which terms they evaluate and how they combine them, so each rule
/// file lists its terms and this type does the forward and the backward through the operator.
struct LinearContribution {
    var input: Tensor
    /// Weight, and bias when the term keeps one.
    var parameters: [Tensor]

    /// The operator's output for this term.
    func output(_ op: any Operator) throws -> Tensor {
        try op.forward([input] + parameters, mode: .inference)[0]
    }

    /// ∂(output · seed)/∂input for this term.
    func inputGradient(_ op: any Operator, seed: Tensor) throws -> Tensor {
        let inputs = [input] + parameters
        let pass = OperatorPass(inputs: inputs, outputs: [seed], needsGradient: [true] + parameters.map { _ in false },
                                mode: .inference)
        guard let gradient = try op.backward(pass, outputGradients: [seed])[0] else {
            throw NetworkError.invalidInput("\(op.type) gave no input gradient")
        }
        return gradient
    }
}

/// The pieces of a linear layer's forward pass that LRP rules modify.
struct LinearLayer {
    let op: any Operator
    let input: Tensor
    let weight: Tensor
    let bias: Tensor?

    init(_ op: any Operator, _ pass: OperatorPass) throws {
        guard op is any LinearOperator, pass.inputs.count >= 2 else {
            throw NetworkError.invalidInput("LRP rules apply to layers with weights (Conv, ConvTranspose, Gemm), not \(op.type)")
        }
        self.op = op
        input = pass.inputs[0]
        weight = pass.inputs[1]
        bias = pass.inputs.count > 2 ? pass.inputs[2] : nil
    }

    /// A term on `input` with `transform` applied to the weight and to the bias (or no bias).
    func term(_ input: Tensor, keepingBias: Bool = true, _ transform: (Float) -> Float) -> LinearContribution {
        LinearContribution(input: input,
                           parameters: [weight.map(transform)] + (keepingBias ? [bias?.map(transform)].compactMap { $0 } : []))
    }

    /// The relevance for the input alone; weights and bias never receive any.
    func relevance(_ inputRelevance: Tensor, _ pass: OperatorPass) -> [Tensor?] {
        [pass.needsGradient[0] ? inputRelevance : nil] + pass.inputs.dropFirst().map { _ in nil }
    }
}

enum Relevance {
    /// z + ε·sign(z), with sign(0) taken as +1, so no division by zero (Zennit's `stabilize`).
    static func stabilized(_ z: Tensor, epsilon: Float = 1e-6) -> Tensor {
        z.map { $0 + ($0 < 0 ? -epsilon : epsilon) }
    }

    /// R / stabilized(z), elementwise.
    static func ratio(_ relevance: Tensor, _ z: Tensor, epsilon: Float = 1e-6) throws -> Tensor {
        try relevance.zip(stabilized(z, epsilon: epsilon), /)
    }

    static func positive(_ x: Tensor) -> Tensor { x.map { max(0, $0) } }
    static func negative(_ x: Tensor) -> Tensor { x.map { min(0, $0) } }
}
