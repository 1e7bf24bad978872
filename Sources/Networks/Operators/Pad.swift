import Tensor

/// Pads every axis; `pads` in ONNX order: all the "before" counts, then all the "after" counts.
public struct Pad: Operator {
    public var pads: [Int]
    public var mode: PaddingMode
    public var value: Float

    public init(pads: [Int], mode: PaddingMode = .constant, value: Float = 0) {
        self.pads = pads
        self.mode = mode
        self.value = value
    }

    public var type: String { "Pad" }

    private func halves(rank: Int) throws -> (before: [Int], after: [Int]) {
        guard pads.count == 2 * rank else {
            throw TensorError.invalidArgument("Pad needs \(2 * rank) pads for rank \(rank), got \(pads)")
        }
        return (Array(pads[..<rank]), Array(pads[rank...]))
    }

    public func forward(_ inputs: [Tensor], mode: ExecutionMode) throws -> [Tensor] {
        let x = try onlyInput(inputs)
        let (before, after) = try halves(rank: x.rank)
        return [try x.padded(before: before, after: after, mode: self.mode, value: value)]
    }

    public func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        guard pass.needsGradient[0] else { return [nil] }
        let (before, after) = try halves(rank: pass.inputs[0].rank)
        return [try Tensor.paddedBackward(outputGradients[0], inputShape: pass.inputs[0].shape,
                                          before: before, after: after, mode: mode)]
    }
}
