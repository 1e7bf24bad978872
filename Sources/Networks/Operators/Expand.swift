import Tensor

/// Broadcasts its input to `shape` (ONNX Expand), where the axes in `batchAxes` take the batch size
/// of a second input: how exporters write `cls_token.expand(x.shape[0], -1, -1)` for a batch known
/// only at run time. The second input contributes its size only, so its gradient is zero.
public struct Expand: Operator {
    public var shape: [Int]
    public var batchAxes: [Int]

    public init(shape: [Int], batchAxes: [Int] = []) {
        self.shape = shape
        self.batchAxes = batchAxes
    }

    public var type: String { "Expand" }
    public var inputArity: ClosedRange<Int> { 1...2 }

    private func target(_ inputs: [Tensor]) throws -> [Int] {
        var target = shape
        guard batchAxes.isEmpty || inputs.count == 2, let batch = inputs.last?.shape.first else {
            throw TensorError.invalidArgument("Expand to a run-time batch needs the batch source as its second input")
        }
        for axis in batchAxes {
            guard target.indices.contains(axis) else { throw TensorError.invalidArgument("Expand batch axis \(axis) is outside \(shape)") }
            target[axis] = batch
        }
        return target
    }

    public func forward(_ inputs: [Tensor], mode: ExecutionMode) throws -> [Tensor] {
        let x = try onlyInput(inputs)
        let shape = try Tensor.broadcastShape(x.shape, target(inputs))
        return [try Tensor.broadcasting(x, Tensor(shape: shape)) { value, _ in value }]
    }

    public func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        let data = pass.needsGradient[0] ? try outputGradients[0].summed(toShape: pass.inputs[0].shape) : nil
        let batchSource = pass.needsGradient.count > 1 && pass.needsGradient[1] ? Tensor(shape: pass.inputs[1].shape) : nil
        return pass.inputs.count > 1 ? [data, batchSource] : [data]
    }
}
