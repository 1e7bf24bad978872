import Tensor

/// A tensor filled with `value` whose shape is the input's values (a shape computed at run time).
/// The input only sizes the output, so it gets no gradient.
public struct ConstantOfShape: Operator {
    public var value: Float
    public init(value: Float = 0) { self.value = value }
    public var type: String { "ConstantOfShape" }

    /// The most elements a run-time shape may ask for (a 1 GiB tensor).
    static let largestCount = 1 << 28

    public func forward(_ inputs: [Tensor], mode: ExecutionMode) throws -> [Tensor] {
        let shape = try onlyInput(inputs).scalars.map { size -> Int in
            guard size >= 0, size == size.rounded(), size <= Float(ConstantOfShape.largestCount) else {
                throw TensorError.invalidArgument("ConstantOfShape needs a shape of non-negative integers, got \(inputs[0].scalars)")
            }
            return Int(size)
        }
        let (count, overflow) = shape.reduce((1, false)) { partial, size in
            let product = partial.0.multipliedReportingOverflow(by: size)
            return (product.partialValue, partial.1 || product.overflow)
        }
        guard !overflow, count <= ConstantOfShape.largestCount else {
            throw TensorError.invalidArgument("ConstantOfShape of shape \(shape) has more than \(ConstantOfShape.largestCount) elements")
        }
        return [Tensor(shape: shape, repeating: value)]
    }

    public func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        [pass.needsGradient[0] ? Tensor(shape: pass.inputs[0].shape) : nil]
    }
}
