import Tensor

/// A one-input operator applied element by element, whose backward multiplies by its derivative.
public protocol ElementwiseActivation: Operator {
    func value(_ x: Float) -> Float
    /// dy/dx at input `x` with output `y` (whichever is cheaper to use).
    func derivative(_ x: Float, output y: Float) -> Float
}

extension ElementwiseActivation {
    public func forward(_ inputs: [Tensor], mode: ExecutionMode) throws -> [Tensor] {
        [try onlyInput(inputs).map(value)]
    }

    public func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        guard pass.needsGradient[0] else { return [nil] }
        return [try Tensor.zip(outputGradients[0], pass.inputs[0], pass.outputs[0]) { dy, x, y in
            dy * derivative(x, output: y)
        }]
    }
}
