import Tensor

/// The batch layout of DeepLIFT's rules, as Captum runs it: the inputs in the first half of the
/// batch and their references, in the same order, in the second. A rule compares each activation
/// with its reference's.
public struct ReferencePairs {
    public let input: Tensor
    public let inputReference: Tensor
    public let output: Tensor
    public let outputReference: Tensor

    /// The halves of a one-input, one-output operator's forward tensors.
    init(_ pass: OperatorPass) throws {
        (input, inputReference) = try Self.split(pass.inputs[0])
        (output, outputReference) = try Self.split(pass.outputs[0])
    }

    /// The first and second half of `tensor` along the batch axis.
    static func split(_ tensor: Tensor) throws -> (own: Tensor, reference: Tensor) {
        let count = tensor.batchCount
        guard count % 2 == 0 else {
            throw NetworkError.invalidInput("DeepLIFT's rules need a batch of inputs followed by their references; got an odd batch of \(count)")
        }
        return (try tensor.batch(0..<(count / 2)), try tensor.batch((count / 2)..<count))
    }
}

/// A DeepLIFT rule: the gradient of the operator's first input becomes the multiplier
/// credited change / Δx, the same for an input and its reference, where Δx is the input's difference
/// from its reference. Where |Δx| < ε the quotient is undefined and the operator's gradient stays,
/// as in Captum's `DeepLift`.
public protocol DifferenceQuotientRule: BackwardRule {
    var epsilon: Float { get }
    /// For every element of the whole batch, the change of the output credited to that input element,
    /// times the incoming gradient: the numerator of its multiplier.
    func creditedChange(_ op: any Operator, pairs: ReferencePairs, pass: OperatorPass,
                        outputGradient: Tensor) throws -> (_ element: Int) -> Float
}

extension DifferenceQuotientRule {
    public func backward(_ op: any Operator, pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        var gradients = try op.backward(pass, outputGradients: outputGradients)
        guard let plain = gradients.first ?? nil else { return gradients }
        let pairs = try ReferencePairs(pass)
        let difference = try pairs.input - pairs.inputReference
        let credited = try creditedChange(op, pairs: pairs, pass: pass, outputGradient: outputGradients[0])
        var multipliers = plain
        for index in multipliers.scalars.indices {
            let delta = difference.scalars[index % difference.count]
            if abs(delta) >= epsilon { multipliers.scalars[index] = credited(index) / delta }
        }
        gradients[0] = multipliers
        return gradients
    }
}
