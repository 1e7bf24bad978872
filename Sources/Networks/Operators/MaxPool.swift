import Tensor

public struct MaxPool: Operator {
    public var kernel: [Int]
    public var attributes: WindowAttributes

    public init(kernel: [Int], attributes: WindowAttributes = WindowAttributes()) {
        self.kernel = kernel
        self.attributes = attributes
    }

    public var type: String { "MaxPool" }

    func window(_ input: Tensor) throws -> Window2D {
        let (height, width) = try input.spatialSize(for: "MaxPool")
        return try attributes.window(kernel: kernel, height: height, width: width)
    }

    public func forward(_ inputs: [Tensor], mode: ExecutionMode) throws -> [Tensor] {
        let x = try onlyInput(inputs)
        return [try Tensor.maxPool2D(x, window: window(x))]
    }

    public func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        guard pass.needsGradient[0] else { return [nil] }
        let x = pass.inputs[0]
        return [try Tensor.maxPool2DBackward(x, outputGradient: outputGradients[0], window: window(x))]
    }
}
