/// Max and average pooling over N×C×H×W, each plane handled by one worker.
extension Tensor {
    private struct PoolingPlan {
        let planes, height, width, outputHeight, outputWidth: Int
        let outputShape: [Int]

        init(_ shape: [Int], _ window: Window2D) throws {
            guard shape.count == 4 else {
                throw TensorError.shapeMismatch("pooling needs an N×C×H×W input, got \(shape)")
            }
            (outputHeight, outputWidth) = try window.outputSize(height: shape[2], width: shape[3])
            planes = shape[0] * shape[1]
            height = shape[2]
            width = shape[3]
            outputShape = [shape[0], shape[1], outputHeight, outputWidth]
        }

        /// Calls `visit(outputIndex, inputIndex)` for every in-bounds tap of every window of one plane.
        @inline(__always)
        func forEachTap(_ window: Window2D, _ visit: (Int, Int) -> Void) {
            for oh in 0..<outputHeight {
                for ow in 0..<outputWidth {
                    for ki in 0..<window.kernelSize[0] {
                        let ih = oh * window.strides[0] - window.padding[0] + ki * window.dilations[0]
                        guard ih >= 0, ih < height else { continue }
                        for kj in 0..<window.kernelSize[1] {
                            let iw = ow * window.strides[1] - window.padding[1] + kj * window.dilations[1]
                            guard iw >= 0, iw < width else { continue }
                            visit(oh * outputWidth + ow, ih * width + iw)
                        }
                    }
                }
            }
        }

        /// The number of taps each window averages over.
        func divisors(_ window: Window2D, countingPadding: Bool) -> [Float] {
            var counts = [Float](repeating: 0, count: outputHeight * outputWidth)
            if countingPadding {
                // Padding counts, but the part of a ceil-mode window beyond the padding does not (as ONNX).
                for oh in 0..<outputHeight {
                    let top = oh * window.strides[0] - window.padding[0]
                    let bottom = min(top + (window.kernelSize[0] - 1) * window.dilations[0] + 1, height + window.padding[2])
                    for ow in 0..<outputWidth {
                        let left = ow * window.strides[1] - window.padding[1]
                        let right = min(left + (window.kernelSize[1] - 1) * window.dilations[1] + 1, width + window.padding[3])
                        let rows = (bottom - top + window.dilations[0] - 1) / window.dilations[0]
                        let columns = (right - left + window.dilations[1] - 1) / window.dilations[1]
                        counts[oh * outputWidth + ow] = Float(rows * columns)
                    }
                }
            } else {
                forEachTap(window) { output, _ in counts[output] += 1 }
            }
            return counts.map { max($0, 1) }
        }
    }

    /// The largest value in each window (padding never wins).
    public static func maxPool2D(_ input: Tensor, window: Window2D) throws -> Tensor {
        let plan = try PoolingPlan(input.shape, window)
        var output = Tensor(shape: plan.outputShape, repeating: -.infinity)
        let inputPlane = plan.height * plan.width, outputPlane = plan.outputHeight * plan.outputWidth
        input.scalars.withUnsafeBufferPointer { x in
            output.scalars.withUnsafeMutableBufferPointer { y in
                let (source, destination) = (UnsafeSendablePointer(x.baseAddress!), UnsafeSendableMutablePointer(y.baseAddress!))
                parallelChunks(plan.planes) { planes in
                    for plane in planes {
                        let (xs, ys) = (source.pointer + plane * inputPlane, destination.pointer + plane * outputPlane)
                        plan.forEachTap(window) { o, i in ys[o] = max(ys[o], xs[i]) }
                    }
                }
            }
        }
        return output
    }

    /// Routes each output gradient to the first position that held its window's maximum.
    public static func maxPool2DBackward(_ input: Tensor, outputGradient: Tensor, window: Window2D) throws -> Tensor {
        let plan = try PoolingPlan(input.shape, window)
        guard outputGradient.shape == plan.outputShape else {
            throw TensorError.shapeMismatch("max-pool output gradient \(outputGradient.shape) should be \(plan.outputShape)")
        }
        var inputGradient = Tensor(shape: input.shape)
        let inputPlane = plan.height * plan.width, outputPlane = plan.outputHeight * plan.outputWidth
        input.scalars.withUnsafeBufferPointer { x in
            outputGradient.scalars.withUnsafeBufferPointer { dy in
                inputGradient.scalars.withUnsafeMutableBufferPointer { dx in
                    let (source, gradient) = (UnsafeSendablePointer(x.baseAddress!), UnsafeSendablePointer(dy.baseAddress!))
                    let destination = UnsafeSendableMutablePointer(dx.baseAddress!)
                    parallelChunks(plan.planes) { planes in
                        var best = [Int](repeating: -1, count: outputPlane)
                        for plane in planes {
                            let xs = source.pointer + plane * inputPlane
                            for index in best.indices { best[index] = -1 }
                            plan.forEachTap(window) { o, i in
                                if best[o] < 0 || xs[i] > xs[best[o]] { best[o] = i }
                            }
                            let (dys, dxs) = (gradient.pointer + plane * outputPlane, destination.pointer + plane * inputPlane)
                            for o in 0..<outputPlane where best[o] >= 0 { dxs[best[o]] += dys[o] }
                        }
                    }
                }
            }
        }
        return inputGradient
    }

    /// The mean of each window; `countingPadding` divides by the full window size (ONNX count_include_pad).
    public static func averagePool2D(_ input: Tensor, window: Window2D, countingPadding: Bool = false) throws -> Tensor {
        let plan = try PoolingPlan(input.shape, window)
        let divisors = plan.divisors(window, countingPadding: countingPadding)
        var output = Tensor(shape: plan.outputShape)
        let inputPlane = plan.height * plan.width, outputPlane = plan.outputHeight * plan.outputWidth
        input.scalars.withUnsafeBufferPointer { x in
            output.scalars.withUnsafeMutableBufferPointer { y in
                let (source, destination) = (UnsafeSendablePointer(x.baseAddress!), UnsafeSendableMutablePointer(y.baseAddress!))
                parallelChunks(plan.planes) { planes in
                    for plane in planes {
                        let (xs, ys) = (source.pointer + plane * inputPlane, destination.pointer + plane * outputPlane)
                        plan.forEachTap(window) { o, i in ys[o] += xs[i] }
                        for o in 0..<outputPlane { ys[o] /= divisors[o] }
                    }
                }
            }
        }
        return output
    }

    /// Spreads each output gradient evenly over the taps of its window.
    public static func averagePool2DBackward(inputShape: [Int], outputGradient: Tensor, window: Window2D,
                                             countingPadding: Bool = false) throws -> Tensor {
        let plan = try PoolingPlan(inputShape, window)
        guard outputGradient.shape == plan.outputShape else {
            throw TensorError.shapeMismatch("average-pool output gradient \(outputGradient.shape) should be \(plan.outputShape)")
        }
        let divisors = plan.divisors(window, countingPadding: countingPadding)
        var inputGradient = Tensor(shape: inputShape)
        let inputPlane = plan.height * plan.width, outputPlane = plan.outputHeight * plan.outputWidth
        outputGradient.scalars.withUnsafeBufferPointer { dy in
            inputGradient.scalars.withUnsafeMutableBufferPointer { dx in
                let (gradient, destination) = (UnsafeSendablePointer(dy.baseAddress!), UnsafeSendableMutablePointer(dx.baseAddress!))
                parallelChunks(plan.planes) { planes in
                    for plane in planes {
                        let (dys, dxs) = (gradient.pointer + plane * outputPlane, destination.pointer + plane * inputPlane)
                        plan.forEachTap(window) { o, i in dxs[i] += dys[o] / divisors[o] }
                    }
                }
            }
        }
        return inputGradient
    }
}
