import Tensor

/// A two-input elementwise operator with NumPy broadcasting (Add, Sub, Mul, Div, Pow, PRelu).
public protocol BroadcastingArithmetic: Operator {
    func value(_ a: Float, _ b: Float) -> Float
    /// (∂y/∂a, ∂y/∂b) at one element.
    func partials(_ a: Float, _ b: Float, output y: Float) -> (Float, Float)
}

extension BroadcastingArithmetic {
    public var inputArity: ClosedRange<Int> { 2...2 }

    public func forward(_ inputs: [Tensor], mode: ExecutionMode) throws -> [Tensor] {
        [try Tensor.broadcasting(inputs[0], inputs[1], value)]
    }

    public func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        let (a, b, y, dy) = (pass.inputs[0], pass.inputs[1], pass.outputs[0], outputGradients[0])
        // Broadcast both operands to the output shape, then sum each gradient back down.
        let zeros = Tensor(shape: y.shape)
        let wideA = try Tensor.broadcasting(a, zeros) { value, _ in value }
        let wideB = try Tensor.broadcasting(b, zeros) { value, _ in value }
        var gradientA = pass.needsGradient[0] ? dy : nil
        var gradientB = pass.needsGradient[1] ? dy : nil
        for index in 0..<dy.count {
            let (da, db) = partials(wideA.scalars[index], wideB.scalars[index], output: y.scalars[index])
            gradientA?.scalars[index] *= da
            gradientB?.scalars[index] *= db
        }
        return [try gradientA?.summed(toShape: a.shape), try gradientB?.summed(toShape: b.shape)]
    }
}
