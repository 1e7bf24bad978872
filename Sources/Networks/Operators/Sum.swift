import Tensor

/// The element-wise sum of its inputs, broadcast together; each input's gradient is the output's,
/// summed down where the input was broadcast.
public struct Sum: VariadicElementwise {
    public init() {}
    public var type: String { "Sum" }
    public func combine(_ a: Float, _ b: Float) -> Float { a + b }

    public func forward(_ inputs: [Tensor], mode: ExecutionMode) throws -> [Tensor] {
        [try folded(inputs)]
    }

    public func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        try zip(pass.inputs, pass.needsGradient).map { input, needed in
            needed ? try outputGradients[0].summed(toShape: input.shape) : nil
        }
    }
}
