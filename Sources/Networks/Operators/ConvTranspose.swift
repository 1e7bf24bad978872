import Tensor

/// 2-D transposed convolution: X [N,C,H,W], W [C,M/groups,kh,kw], optional B [M].
/// Its forward is a convolution's input gradient, its input gradient a convolution.
public struct ConvTranspose: LinearOperator {
    public var attributes: WindowAttributes
    public var groups: Int
    /// Extra rows and columns at the bottom and right of the output (ONNX `output_padding`).
    public var outputPadding: [Int]
    /// The Winograd transform of this layer's weights, kept from one pass to the next.
    let weightCache = ConvolutionWeightCache()

    public init(attributes: WindowAttributes = WindowAttributes(), groups: Int = 1, outputPadding: [Int] = [0, 0]) {
        self.attributes = attributes
        self.groups = groups
        self.outputPadding = outputPadding
    }

    public var type: String { "ConvTranspose" }
    public var inputArity: ClosedRange<Int> { 2...3 }

    /// The output shape and the window of the convolution that maps the output back to the input.
    private func geometry(_ inputs: [Tensor]) throws -> (shape: [Int], window: Window2D) {
        let (height, width) = try inputs[0].spatialSize(for: "ConvTranspose")
        let weight = inputs[1]
        guard weight.rank == 4, weight.shape[0] == inputs[0].shape[1] else {
            throw TensorError.shapeMismatch("ConvTranspose weight \(weight.shape) does not fit input \(inputs[0].shape)")
        }
        guard attributes.automaticPadding == .notSet || attributes.automaticPadding == .valid else {
            throw TensorError.invalidArgument("ConvTranspose supports explicit pads only, not auto_pad \(attributes.automaticPadding.rawValue)")
        }
        let kernel = Array(weight.shape[2...])
        let pads = attributes.automaticPadding == .valid ? [0, 0, 0, 0] : attributes.padding
        let sizes = [height, width].enumerated().map { axis, size in
            attributes.strides[axis] * (size - 1) + outputPadding[axis] + (kernel[axis] - 1) * attributes.dilations[axis] + 1
                - pads[axis] - pads[axis + 2]
        }
        // The output_padding rows lie beyond every window, so they receive nothing, as in ONNX.
        let window = try Window2D(kernel: kernel, strides: attributes.strides, dilations: attributes.dilations,
                                  padding: pads)
        return ([inputs[0].shape[0], weight.shape[1] * groups] + sizes, window)
    }

    public func forward(_ inputs: [Tensor], mode: ExecutionMode) throws -> [Tensor] {
        let (shape, window) = try geometry(inputs)
        var output = try Tensor.convolution2DInputGradient(inputs[0], weight: inputs[1], inputShape: shape,
                                                           window: window, groups: groups, weightCache: weightCache)
        if inputs.count > 2 { output.addChannelBias(inputs[2]) }
        return [output]
    }

    public func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        let (_, window) = try geometry(pass.inputs)
        let dy = outputGradients[0]
        let dx = pass.needsGradient[0]
            ? try Tensor.convolution2D(dy, weight: pass.inputs[1], window: window, groups: groups,
                                     weightCache: weightCache) : nil
        let dw = pass.needsGradient[1]
            ? try Tensor.convolution2DWeightGradient(input: dy, outputGradient: pass.inputs[0],
                                                     weightShape: pass.inputs[1].shape, window: window, groups: groups) : nil
        let db = pass.inputs.count > 2 && pass.needsGradient[2] ? dy.channelSums() : nil
        return [dx, dw] + (pass.inputs.count > 2 ? [db] : [])
    }
}
