import Tensor

/// The input repeated `repeats[i]` times along each axis i (ONNX gives the repeats as a constant input;
/// importers fold them here). Seen as a broadcast of the input with a size-1 axis before each of its
/// axes, the backward sums the copies.
public struct Tile: Operator {
    public var repeats: [Int]
    public init(repeats: [Int]) { self.repeats = repeats }
    public var type: String { "Tile" }

    /// The input's shape with a size-1 axis before each axis, and that shape broadcast by the repeats.
    private func interleaved(_ shape: [Int]) throws -> (source: [Int], tiled: [Int]) {
        guard repeats.count == shape.count, repeats.allSatisfy({ $0 >= 0 }) else {
            throw TensorError.invalidArgument("Tile repeats \(repeats) do not fit an input of shape \(shape)")
        }
        return (shape.flatMap { [1, $0] }, zip(repeats, shape).flatMap { [$0, $1] })
    }

    public func forward(_ inputs: [Tensor], mode: ExecutionMode) throws -> [Tensor] {
        let x = try onlyInput(inputs)
        let (source, tiled) = try interleaved(x.shape)
        return [try x.reshaped(source).broadcast(toShape: tiled).reshaped(zip(repeats, x.shape).map(*))]
    }

    public func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        guard pass.needsGradient[0] else { return [nil] }
        let x = pass.inputs[0]
        let (source, tiled) = try interleaved(x.shape)
        return [try outputGradients[0].reshaped(tiled).summed(toShape: source).reshaped(x.shape)]
    }
}
