import Tensor

/// 2-D convolution: inputs X [N,C,H,W], W [M,C/groups,kh,kw], optional B [M].
public struct Conv: LinearOperator {
    public var attributes: WindowAttributes
    public var groups: Int
    /// The Winograd transform of this layer's weights, kept from one pass to the next.
    let weightCache = ConvolutionWeightCache()

    public init(attributes: WindowAttributes = WindowAttributes(), groups: Int = 1) {
        self.attributes = attributes
        self.groups = groups
    }

    public var type: String { "Conv" }
    public var inputArity: ClosedRange<Int> { 2...3 }

    func window(_ inputs: [Tensor]) throws -> Window2D {
        let (height, width) = try inputs[0].spatialSize(for: "Conv")
        guard inputs[1].rank == 4 else {
            throw TensorError.shapeMismatch("Conv weight must be M×C×kh×kw, got \(inputs[1].shape)")
        }
        return try attributes.window(kernel: Array(inputs[1].shape[2...]), height: height, width: width)
    }

    public func forward(_ inputs: [Tensor], mode: ExecutionMode) throws -> [Tensor] {
        [try Tensor.convolution2D(inputs[0], weight: inputs[1], bias: inputs.count > 2 ? inputs[2] : nil,
                                  window: window(inputs), groups: groups, weightCache: weightCache)]
    }

    public func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        let window = try window(pass.inputs)
        let dy = outputGradients[0]
        let dx = pass.needsGradient[0]
            ? try Tensor.convolution2DInputGradient(dy, weight: pass.inputs[1], inputShape: pass.inputs[0].shape,
                                                    window: window, groups: groups, weightCache: weightCache) : nil
        let dw = pass.needsGradient[1]
            ? try Tensor.convolution2DWeightGradient(input: pass.inputs[0], outputGradient: dy,
                                                     weightShape: pass.inputs[1].shape, window: window, groups: groups) : nil
        let db = pass.inputs.count > 2 && pass.needsGradient[2] ? dy.channelSums() : nil
        return [dx, dw] + (pass.inputs.count > 2 ? [db] : [])
    }
}
