import Tensor

/// A two-input elementwise operator with NumPy broadcasting (Add, Sub, Mul, Div, Pow, PRelu).
public protocol BroadcastingArithmetic: Operator {
    func value(_ a: Float, _ b: Float) -> Float
    /// (∂y/∂a, ∂y/∂b) at one element.
    func partials(_ a: Float, _ b: Float, output y: Float) -> (Float, Float)
    /// The operation as one of the tensor library's vectorised loops, used when the shapes agree.
    var arithmetic: ArithmeticOperation? { get }
}

extension BroadcastingArithmetic {
    public var inputArity: ClosedRange<Int> { 2...2 }
    public var arithmetic: ArithmeticOperation? { nil }

    public func forward(_ inputs: [Tensor], mode: ExecutionMode) throws -> [Tensor] {
        if let arithmetic, inputs[0].shape == inputs[1].shape {
            return [try inputs[0].combined(with: inputs[1], arithmetic)]
        }
        return [try Tensor.broadcasting(inputs[0], inputs[1], value)]
    }

    public func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        let (a, b, y, dy) = (pass.inputs[0], pass.inputs[1], pass.outputs[0], outputGradients[0])
        switch arithmetic {
        case .add:
            // Constant partials: the gradient itself, summed down where an operand was broadcast.
            return [pass.needsGradient[0] ? try dy.summed(toShape: a.shape) : nil,
                    pass.needsGradient[1] ? try dy.summed(toShape: b.shape) : nil]
        case .subtract:
            return [pass.needsGradient[0] ? try dy.summed(toShape: a.shape) : nil,
                    pass.needsGradient[1] ? try dy.negated().summed(toShape: b.shape) : nil]
        case .multiply where a.shape == b.shape:
            return [pass.needsGradient[0] ? try dy.combined(with: b, .multiply) : nil,
                    pass.needsGradient[1] ? try dy.combined(with: a, .multiply) : nil]
        default:
            break
        }
        // Broadcast both operands to the output shape, then sum each gradient back down.
        let wideA = a.shape == y.shape ? a : try Tensor.broadcasting(a, Tensor(shape: y.shape)) { value, _ in value }
        let wideB = b.shape == y.shape ? b : try Tensor.broadcasting(b, Tensor(shape: y.shape)) { value, _ in value }
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
