import Tensor

/// How one reduction combines the elements of each group and passes its gradient back: what
/// ReduceSum, ReduceMax, … differ in.
public protocol ReductionKind: Sendable {
    /// The ONNX operator type, e.g. "ReduceSum".
    static var type: String { get }
    /// The reduction of `x` over the resolved `axes`, which stay as size-1 dimensions.
    static func reduce(_ x: Tensor, axes: [Int]) throws -> Tensor
    /// ∂/∂x from the output `y` and its gradient `dy`, both with the reduced `axes` kept as size 1.
    static func inputGradient(_ x: Tensor, output y: Tensor, outputGradient dy: Tensor, axes: [Int]) throws -> Tensor
}

/// A reduction over `axes` (all when empty) that keeps them as size-1 dimensions or drops them
/// (ONNX `keepdims`); `Kind` says what it computes (`ReduceSum` is `Reduction<Summation>`).
public struct Reduction<Kind: ReductionKind>: Operator {
    public var axes: [Int]
    public var keepsDimensions: Bool

    public init(axes: [Int] = [], keepsDimensions: Bool = true) {
        self.axes = axes
        self.keepsDimensions = keepsDimensions
    }

    public var type: String { Kind.type }

    /// The resolved axes and the output's shape with them kept as size 1.
    private func keptShape(_ x: Tensor) throws -> (axes: [Int], shape: [Int]) {
        let reduced = try x.resolvedAxes(axes)
        return (reduced.sorted(), x.shape(reducing: reduced))
    }

    public func forward(_ inputs: [Tensor], mode: ExecutionMode) throws -> [Tensor] {
        let x = try onlyInput(inputs)
        let (axes, kept) = try keptShape(x)
        let y = try Kind.reduce(x, axes: axes)
        guard !keepsDimensions else { return [y] }
        return [try y.reshaped(kept.enumerated().filter { !axes.contains($0.offset) }.map(\.element))]
    }

    public func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        guard pass.needsGradient[0] else { return [nil] }
        let x = pass.inputs[0]
        let (axes, kept) = try keptShape(x)
        return [try Kind.inputGradient(x, output: pass.outputs[0].reshaped(kept), outputGradient: outputGradients[0].reshaped(kept),
                                       axes: axes)]
    }
}

extension Tensor {
    /// The elements of `self` (the input of a reduction) combined with the reduction's output and its
    /// gradient, broadcast back from their kept shape: the last step of most reductions' backward.
    func combined(withOutput y: Tensor, gradient dy: Tensor, _ combine: (Float, Float, Float) -> Float) throws -> Tensor {
        try Tensor.zip(self, y.broadcast(toShape: shape), dy.broadcast(toShape: shape), combine)
    }
}
