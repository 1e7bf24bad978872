import Tensor

/// The element-wise mean of its inputs, broadcast together.
public struct Mean: VariadicElementwise {
    public init() {}
    public var type: String { "Mean" }
    public func combine(_ a: Float, _ b: Float) -> Float { a + b }

    public func forward(_ inputs: [Tensor], mode: ExecutionMode) throws -> [Tensor] {
        [try folded(inputs).scaled(by: 1 / Float(inputs.count))]
    }

    public func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        let share = outputGradients[0].scaled(by: 1 / Float(pass.inputs.count))
        return try zip(pass.inputs, pass.needsGradient).map { input, needed in
            needed ? try share.summed(toShape: input.shape) : nil
        }
    }
}
