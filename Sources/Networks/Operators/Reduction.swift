import Tensor

/// A reduction over `axes` (all when empty) that keeps them as size-1 dimensions or drops them
/// (ONNX `keepdims`). Each reduction gives its value and its input gradient with the axes kept.
public protocol Reduction: Operator {
    var axes: [Int] { get }
    var keepsDimensions: Bool { get }
    /// The reduction of `x` over the resolved `axes`, which stay as size-1 dimensions.
    func reduce(_ x: Tensor, axes: [Int]) throws -> Tensor
    /// ∂/∂x from the output `y` and its gradient `dy`, both with the reduced axes kept as size 1.
    func inputGradient(_ x: Tensor, output y: Tensor, outputGradient dy: Tensor) throws -> Tensor
}

extension Reduction {
    /// The resolved axes and the output's shape with them kept as size 1.
    private func keptShape(_ x: Tensor) throws -> (axes: [Int], shape: [Int]) {
        let reduced = try x.resolvedAxes(axes)
        return (reduced.sorted(), x.shape(reducing: reduced))
    }

    public func forward(_ inputs: [Tensor], mode: ExecutionMode) throws -> [Tensor] {
        let x = try onlyInput(inputs)
        let (axes, kept) = try keptShape(x)
        let y = try reduce(x, axes: axes)
        guard !keepsDimensions else { return [y] }
        return [try y.reshaped(kept.enumerated().filter { !axes.contains($0.offset) }.map(\.element))]
    }

    public func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        guard pass.needsGradient[0] else { return [nil] }
        let x = pass.inputs[0]
        let kept = try keptShape(x).shape
        return [try inputGradient(x, output: pass.outputs[0].reshaped(kept), outputGradient: outputGradients[0].reshaped(kept))]
    }
}

extension Tensor {
    /// The elements of `self` (the input of a reduction) combined with the reduction's output and its
    /// gradient, broadcast back from their kept shape: the last step of most reductions' backward.
    func combined(withOutput y: Tensor, gradient dy: Tensor, _ combine: (Float, Float, Float) -> Float) throws -> Tensor {
        try Tensor.zip(self, y.broadcast(toShape: shape), dy.broadcast(toShape: shape), combine)
    }
}
