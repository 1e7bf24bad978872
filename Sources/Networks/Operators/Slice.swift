import Tensor

/// Strided ranges along some axes (ONNX gives them as constant inputs; importers fold them here).
public struct Slice: Operator {
    public var slices: [AxisSlice]
    public init(slices: [AxisSlice]) { self.slices = slices }
    public var type: String { "Slice" }

    public func forward(_ inputs: [Tensor], mode: ExecutionMode) throws -> [Tensor] {
        [try onlyInput(inputs).sliced(slices)]
    }

    public func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        guard pass.needsGradient[0] else { return [nil] }
        return [try Tensor.slicedBackward(outputGradients[0], inputShape: pass.inputs[0].shape, slices: slices)]
    }
}
