import Tensor

/// A two-input comparison or logical operator with NumPy broadcasting; its output is 1 where the
/// predicate holds and 0 elsewhere (booleans as Float32), and it passes no gradient.
public protocol BroadcastingPredicate: BroadcastingArithmetic {
    func holds(_ a: Float, _ b: Float) -> Bool
}

extension BroadcastingPredicate {
    public func value(_ a: Float, _ b: Float) -> Float { holds(a, b) ? 1 : 0 }
    public func partials(_ a: Float, _ b: Float, output y: Float) -> (Float, Float) { (0, 0) }

    public func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        zip(pass.inputs, pass.needsGradient).map { input, needed in needed ? Tensor(shape: input.shape) : nil }
    }
}
