import Tensor

/// How one node passes gradient (or relevance) from its outputs to its inputs.
///
/// A rule is a small value that reads the node's operator and its forward tensors; it never
/// changes the network. Composites assign rules to nodes by type or by name.
public protocol BackwardRule: Sendable {
    func backward(_ op: any Operator, pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?]
}

/// The plain chain rule: the operator's own backward.
public struct GradientRule: BackwardRule {
    public init() {}
    public func backward(_ op: any Operator, pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        try op.backward(pass, outputGradients: outputGradients)
    }
}
