import Tensor

/// An element-wise operator over any number of inputs broadcast together (ONNX Sum, Mean, Max, Min),
/// computed as a left fold of `combine`.
public protocol VariadicElementwise: Operator {
    func combine(_ a: Float, _ b: Float) -> Float
}

extension VariadicElementwise {
    public var inputArity: ClosedRange<Int> { 1...Int.max }

    /// The inputs folded together with broadcasting.
    func folded(_ inputs: [Tensor]) throws -> Tensor {
        guard var result = inputs.first else { throw NetworkError.invalidInput("\(type) needs an input") }
        for input in inputs.dropFirst() { result = try Tensor.broadcasting(result, input, combine) }
        return result
    }
}

/// A variadic operator that picks one of its inputs at each element (Max, Min): the gradient goes to
/// the inputs that equal the output there, split evenly among ties, as PyTorch's `maximum` halves it
/// between two equal operands.
public protocol VariadicSelection: VariadicElementwise {}

extension VariadicSelection {
    public func forward(_ inputs: [Tensor], mode: ExecutionMode) throws -> [Tensor] {
        [try folded(inputs)]
    }

    public func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        let (y, dy) = (pass.outputs[0], outputGradients[0])
        let selected = try pass.inputs.map { input in try Tensor.broadcasting(y, input) { $0 == $1 ? 1 : 0 } }
        var ties = selected[0]
        for mask in selected.dropFirst() { try ties.add(mask) }
        let share = try dy.zip(ties) { $0 / max($1, 1) }
        return try zip(pass.inputs, zip(selected, pass.needsGradient)).map { input, selection in
            guard selection.1 else { return nil }
            return try selection.0.combined(with: share, .multiply).summed(toShape: input.shape)
        }
    }
}
