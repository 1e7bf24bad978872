/// 2-D convolution (cross-correlation, as in ONNX and PyTorch) by im2col and one sgemm per image and group,
/// or, for the 3×3 stride-1 layers where it pays, by Winograd's F(2×2, 3×3) (`WinogradConvolution`).
///
/// Weights are [M, C/groups, kh, kw]. The same three functions serve transposed convolution:
/// its forward is the input gradient of a convolution, its input gradient is a convolution.
extension Tensor {
    /// The plan shared by forward and both backward passes: sizes checked once, errors naming shapes.
    private struct ConvolutionPlan {
        let batch, inputChannels, outputChannels, groups: Int
        let columns: ImageColumns

        var inputChannelsPerGroup: Int { inputChannels / groups }
        var outputChannelsPerGroup: Int { outputChannels / groups }
        var inputPlane: Int { columns.height * columns.width }
        var outputPlane: Int { columns.columns }

        init(inputShape: [Int], weightShape: [Int], window: Window2D, groups: Int) throws {
            guard inputShape.count == 4, weightShape.count == 4 else {
                throw TensorError.shapeMismatch("convolution needs N×C×H×W input and M×C×kh×kw weight, got \(inputShape) and \(weightShape)")
            }
            guard groups > 0, inputShape[1] % groups == 0, weightShape[0] % groups == 0,
                  weightShape[1] * groups == inputShape[1] else {
                throw TensorError.shapeMismatch("convolution input \(inputShape) does not match weight \(weightShape) with \(groups) groups")
            }
            guard Array(weightShape[2...]) == window.kernelSize else {
                throw TensorError.shapeMismatch("weight \(weightShape) does not match kernel \(window.kernelSize)")
            }
            let (ho, wo) = try window.outputSize(height: inputShape[2], width: inputShape[3])
            batch = inputShape[0]
            inputChannels = inputShape[1]
            outputChannels = weightShape[0]
            self.groups = groups
            columns = ImageColumns(channels: inputShape[1] / groups, height: inputShape[2], width: inputShape[3],
                                   outputHeight: ho, outputWidth: wo, window: window)
        }

        var outputShape: [Int] { [batch, outputChannels, columns.outputHeight, columns.outputWidth] }

        /// Winograd's F(2×2, 3×3) for this convolution, where it computes it and pays.
        func winogradForward(window: Window2D, groups: Int) -> WinogradConvolution? {
            guard WinogradConvolution.computes(window: window, groups: groups) else { return nil }
            let winograd = WinogradConvolution(
                batch: batch, inputChannels: inputChannels, outputChannels: outputChannels,
                height: columns.height, width: columns.width, top: window.padding[0], left: window.padding[1],
                outputHeight: columns.outputHeight, outputWidth: columns.outputWidth, flipsKernels: false)
            return winograd.pays ? winograd : nil
        }

        /// The input gradient as a convolution of ∂L/∂y by Winograd: padded by 2 − padding, so each
        /// padding must be at most 2 (a wider one would crop, which the tiles do not).
        func winogradInputGradient(window: Window2D, groups: Int) -> WinogradConvolution? {
            guard WinogradConvolution.computes(window: window, groups: groups),
                  window.padding.allSatisfy({ $0 <= 2 }) else { return nil }
            let winograd = WinogradConvolution(
                batch: batch, inputChannels: outputChannels, outputChannels: inputChannels,
                height: columns.outputHeight, width: columns.outputWidth,
                top: 2 - window.padding[0], left: 2 - window.padding[1],
                outputHeight: columns.height, outputWidth: columns.width, flipsKernels: true)
            return winograd.pays ? winograd : nil
        }
    }

    /// y = W ⋆ x + b. A layer that calls this repeatedly with the same weights passes its `weightCache`.
    public static func convolution2D(_ input: Tensor, weight: Tensor, bias: Tensor? = nil,
                                     window: Window2D, groups: Int = 1,
                                     weightCache: ConvolutionWeightCache? = nil) throws -> Tensor {
        let plan = try ConvolutionPlan(inputShape: input.shape, weightShape: weight.shape, window: window, groups: groups)
        if let bias, bias.count != plan.outputChannels {
            throw TensorError.shapeMismatch("convolution bias \(bias.shape) needs \(plan.outputChannels) elements")
        }
        if let winograd = plan.winogradForward(window: window, groups: groups) {
            return winograd.convolve(input, weight: weight, bias: bias, cache: weightCache)
        }
        // The bias is written first and the product added to it (β = 1), which saves a pass over the output;
        // without a bias the product overwrites (β = 0), so the output needs no zero-filling.
        let outputPlane = plan.outputPlane
        var output = Tensor(shape: plan.outputShape) { values in
            guard let bias, let base = values.baseAddress else { return }
            for block in 0..<(plan.batch * plan.outputChannels) {
                base.advanced(by: block * outputPlane)
                    .update(repeating: bias.scalars[block % plan.outputChannels], count: outputPlane)
            }
        }
        let beta: Float = bias == nil ? 0 : 1
        let (cg, mg, k) = (plan.inputChannelsPerGroup, plan.outputChannelsPerGroup, plan.columns.rows)
        var scratch = [Float](repeating: 0, count: plan.columns.isIdentity ? 0 : k * plan.outputPlane)
        input.scalars.withUnsafeBufferPointer { x in
            weight.scalars.withUnsafeBufferPointer { w in
                output.scalars.withUnsafeMutableBufferPointer { y in
                    scratch.withUnsafeMutableBufferPointer { columns in
                        for image in 0..<plan.batch {
                            for group in 0..<groups {
                                let source = x.baseAddress! + (image * plan.inputChannels + group * cg) * plan.inputPlane
                                let unfolded: UnsafePointer<Float>
                                if plan.columns.isIdentity {
                                    unfolded = source
                                } else {
                                    plan.columns.unfold(source, into: columns.baseAddress!)
                                    unfolded = UnsafePointer(columns.baseAddress!)
                                }
                                multiplyMatrices(w.baseAddress! + group * mg * k, unfolded,
                                                 into: y.baseAddress! + (image * plan.outputChannels + group * mg) * plan.outputPlane,
                                                 m: mg, n: plan.outputPlane, k: k, beta: beta)
                            }
                        }
                    }
                }
            }
        }
        return output
    }

    /// ∂L/∂x of a convolution, given ∂L/∂y; `inputShape` is the shape of x.
    public static func convolution2DInputGradient(_ outputGradient: Tensor, weight: Tensor, inputShape: [Int],
                                                  window: Window2D, groups: Int = 1,
                                                  weightCache: ConvolutionWeightCache? = nil) throws -> Tensor {
        let plan = try ConvolutionPlan(inputShape: inputShape, weightShape: weight.shape, window: window, groups: groups)
        guard outputGradient.shape == plan.outputShape else {
            throw TensorError.shapeMismatch("convolution output gradient \(outputGradient.shape) should be \(plan.outputShape)")
        }
        if let winograd = plan.winogradInputGradient(window: window, groups: groups) {
            return winograd.convolve(outputGradient, weight: weight, bias: nil, cache: weightCache)
        }
        var inputGradient = Tensor(shape: inputShape)
        let (cg, mg, k) = (plan.inputChannelsPerGroup, plan.outputChannelsPerGroup, plan.columns.rows)
        var scratch = [Float](repeating: 0, count: plan.columns.isIdentity ? 0 : k * plan.outputPlane)
        outputGradient.scalars.withUnsafeBufferPointer { dy in
            weight.scalars.withUnsafeBufferPointer { w in
                inputGradient.scalars.withUnsafeMutableBufferPointer { dx in
                    scratch.withUnsafeMutableBufferPointer { columns in
                        for image in 0..<plan.batch {
                            for group in 0..<groups {
                                let destination = dx.baseAddress! + (image * plan.inputChannels + group * cg) * plan.inputPlane
                                let target = plan.columns.isIdentity ? destination : columns.baseAddress!
                                multiplyMatrices(w.baseAddress! + group * mg * k,
                                                 dy.baseAddress! + (image * plan.outputChannels + group * mg) * plan.outputPlane,
                                                 into: target, m: k, n: plan.outputPlane, k: mg, transposingA: true)
                                if !plan.columns.isIdentity {
                                    plan.columns.fold(columns.baseAddress!, into: destination)
                                }
                            }
                        }
                    }
                }
            }
        }
        return inputGradient
    }

    /// ∂L/∂W of a convolution, summed over the batch, given x and ∂L/∂y.
    public static func convolution2DWeightGradient(input: Tensor, outputGradient: Tensor, weightShape: [Int],
                                                   window: Window2D, groups: Int = 1) throws -> Tensor {
        let plan = try ConvolutionPlan(inputShape: input.shape, weightShape: weightShape, window: window, groups: groups)
        guard outputGradient.shape == plan.outputShape else {
            throw TensorError.shapeMismatch("convolution output gradient \(outputGradient.shape) should be \(plan.outputShape)")
        }
        var weightGradient = Tensor(shape: weightShape)
        let (cg, mg, k) = (plan.inputChannelsPerGroup, plan.outputChannelsPerGroup, plan.columns.rows)
        var scratch = [Float](repeating: 0, count: plan.columns.isIdentity ? 0 : k * plan.outputPlane)
        input.scalars.withUnsafeBufferPointer { x in
            outputGradient.scalars.withUnsafeBufferPointer { dy in
                weightGradient.scalars.withUnsafeMutableBufferPointer { dw in
                    scratch.withUnsafeMutableBufferPointer { columns in
                        for image in 0..<plan.batch {
                            for group in 0..<groups {
                                let source = x.baseAddress! + (image * plan.inputChannels + group * cg) * plan.inputPlane
                                let unfolded: UnsafePointer<Float>
                                if plan.columns.isIdentity {
                                    unfolded = source
                                } else {
                                    plan.columns.unfold(source, into: columns.baseAddress!)
                                    unfolded = UnsafePointer(columns.baseAddress!)
                                }
                                multiplyMatrices(dy.baseAddress! + (image * plan.outputChannels + group * mg) * plan.outputPlane,
                                                 unfolded, into: dw.baseAddress! + group * mg * k,
                                                 m: mg, n: k, k: plan.outputPlane, transposingB: true,
                                                 beta: image == 0 ? 0 : 1)
                            }
                        }
                    }
                }
            }
        }
        return weightGradient
    }

    /// Adds `bias[c]` to every element of channel c of this N×C×… tensor.
    public mutating func addChannelBias(_ bias: Tensor) {
        let channels = shape[1], plane = count / max(shape[0] * channels, 1)
        scalars.withUnsafeMutableBufferPointer { values in
            for block in 0..<(shape[0] * channels) {
                let value = bias.scalars[block % channels]
                for index in (block * plane)..<((block + 1) * plane) { values[index] += value }
            }
        }
    }

    /// The sum of each channel over batch and space: the bias gradient of a convolution or BatchNorm.
    public func channelSums() -> Tensor {
        let channels = shape[1], plane = count / max(shape[0] * channels, 1)
        var sums = Tensor(shape: [channels])
        scalars.withUnsafeBufferPointer { values in
            for block in 0..<(shape[0] * channels) {
                var total: Float = 0
                for index in (block * plane)..<((block + 1) * plane) { total += values[index] }
                sums.scalars[block % channels] += total
            }
        }
        return sums
    }
}
