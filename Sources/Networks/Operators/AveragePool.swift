import Tensor

public struct AveragePool: Operator {
    public var kernel: [Int]
    public var attributes: WindowAttributes
    /// ONNX `count_include_pad`: divide by the whole window, padding included.
    public var countsPadding: Bool

    public init(kernel: [Int], attributes: WindowAttributes = WindowAttributes(), countsPadding: Bool = false) {
        self.kernel = kernel
        self.attributes = attributes
        self.countsPadding = countsPadding
    }

    public var type: String { "AveragePool" }

    func window(_ input: Tensor) throws -> Window2D {
        let (height, width) = try input.spatialSize(for: "AveragePool")
        return try attributes.window(kernel: kernel, height: height, width: width)
    }

    public func forward(_ inputs: [Tensor], mode: ExecutionMode) throws -> [Tensor] {
        let x = try onlyInput(inputs)
        return [try Tensor.averagePool2D(x, window: window(x), countingPadding: countsPadding)]
    }

    public func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        guard pass.needsGradient[0] else { return [nil] }
        let x = pass.inputs[0]
        return [try Tensor.averagePool2DBackward(inputShape: x.shape, outputGradient: outputGradients[0],
                                                 window: window(x), countingPadding: countsPadding)]
    }
}
