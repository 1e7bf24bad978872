/// Max and average pooling over N×C×H×W, each plane handled by one worker.
extension Tensor {
    private struct PoolingPlan {
        let planes, height, width, outputHeight, outputWidth: Int
        let outputShape: [Int]
        // The window as plain integers: read in the innermost loop, where array lookups would cost.
        let kernelHeight, kernelWidth, strideHeight, strideWidth, padTop, padLeft, dilationHeight, dilationWidth: Int

        init(_ shape: [Int], _ window: Window2D) throws {
            guard shape.count == 4 else {
                throw TensorError.shapeMismatch("pooling needs an N×C×H×W input, got \(shape)")
            }
            (outputHeight, outputWidth) = try window.outputSize(height: shape[2], width: shape[3])
            planes = shape[0] * shape[1]
            height = shape[2]
            width = shape[3]
            outputShape = [shape[0], shape[1], outputHeight, outputWidth]
            (kernelHeight, kernelWidth) = (window.kernelSize[0], window.kernelSize[1])
            (strideHeight, strideWidth) = (window.strides[0], window.strides[1])
            (padTop, padLeft) = (window.padding[0], window.padding[1])
            (dilationHeight, dilationWidth) = (window.dilations[0], window.dilations[1])
            let (outputHeight, outputWidth, height, width) = (outputHeight, outputWidth, height, width)
            let (kernelHeight, kernelWidth, strideHeight, strideWidth) = (kernelHeight, kernelWidth, strideHeight, strideWidth)
            let (padTop, padLeft, dilationHeight, dilationWidth) = (padTop, padLeft, dilationHeight, dilationWidth)
            rowTaps = (0..<outputHeight).map { oh in
                PoolingPlan.taps(from: oh * strideHeight - padTop, dilation: dilationHeight, kernel: kernelHeight, size: height)
            }
            columnTaps = (0..<outputWidth).map { ow in
                PoolingPlan.taps(from: ow * strideWidth - padLeft, dilation: dilationWidth, kernel: kernelWidth, size: width)
            }
        }

        /// The in-bounds kernel rows of each output row and kernel columns of each output column, worked
        /// out once rather than per window.
        let rowTaps, columnTaps: [Range<Int>]

        /// For each kernel column, the output columns whose tap falls inside the input.
        var outputColumns: [Range<Int>] {
            (0..<kernelWidth).map { kj in
                let offset = kj * dilationWidth - padLeft
                let first = offset >= 0 ? 0 : (-offset + strideWidth - 1) / strideWidth
                let last = width - 1 - offset < 0 ? -1 : (width - 1 - offset) / strideWidth
                return min(first, outputWidth)..<max(min(first, outputWidth), min(outputWidth, last + 1))
            }
        }

        /// Calls `visit(outputIndex, inputIndex)` for every in-bounds tap of every window of one plane.
        @inline(__always)
        func forEachTap(_ visit: (Int, Int) -> Void) {
            for oh in 0..<outputHeight {
                let top = oh * strideHeight - padTop
                for ow in 0..<outputWidth {
                    let left = ow * strideWidth - padLeft
                    let columns = columnTaps[ow]
                    let output = oh * outputWidth + ow
                    for ki in rowTaps[oh] {
                        let rowStart = (top + ki * dilationHeight) * width + left
                        for kj in columns { visit(output, rowStart + kj * dilationWidth) }
                    }
                }
            }
        }

        /// The input index of the first largest tap of window (oh, ow) in one plane, or nil if the window
        /// lies wholly in the padding.
        @inline(__always)
        func argmax(_ plane: UnsafePointer<Float>, _ oh: Int, _ ow: Int) -> Int? {
            let (top, left) = (oh * strideHeight - padTop, ow * strideWidth - padLeft)
            let columns = columnTaps[ow]
            var best = -1
            var largest = -Float.infinity
            for ki in rowTaps[oh] {
                let rowStart = (top + ki * dilationHeight) * width + left
                for kj in columns {
                    let index = rowStart + kj * dilationWidth
                    if best < 0 || plane[index] > largest { (best, largest) = (index, plane[index]) }
                }
            }
            return best < 0 ? nil : best
        }

        /// The kernel offsets k whose position `start + k·dilation` falls inside `0..<size`.
        @inline(__always)
        static func taps(from start: Int, dilation: Int, kernel: Int, size: Int) -> Range<Int> {
            let first = start >= 0 ? 0 : (-start + dilation - 1) / dilation
            let end = size - start <= 0 ? 0 : (size - start + dilation - 1) / dilation
            return min(first, kernel)..<max(min(first, kernel), min(end, kernel))
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
                forEachTap { output, _ in counts[output] += 1 }
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
                    plan.outputColumns.withUnsafeBufferPointer { outputColumns in
                        for plane in planes {
                            let (xs, ys) = (source.pointer + plane * inputPlane, destination.pointer + plane * outputPlane)
                            // Tap by tap along whole output rows: a branch-free strided loop, several times
                            // faster than window by window.
                            for oh in 0..<plan.outputHeight {
                                let row = ys + oh * plan.outputWidth
                                let top = oh * plan.strideHeight - plan.padTop
                                for ki in plan.rowTaps[oh] {
                                    let rowStart = (top + ki * plan.dilationHeight) * plan.width - plan.padLeft
                                    for kj in 0..<plan.kernelWidth {
                                        let start = rowStart + kj * plan.dilationWidth
                                        for ow in outputColumns[kj] { row[ow] = max(row[ow], xs[start + ow * plan.strideWidth]) }
                                    }
                                }
                            }
                        }
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
                        for plane in planes {
                            let xs = source.pointer + plane * inputPlane
                            let (dys, dxs) = (gradient.pointer + plane * outputPlane, destination.pointer + plane * inputPlane)
                            for oh in 0..<plan.outputHeight {
                                for ow in 0..<plan.outputWidth {
                                    if let best = plan.argmax(xs, oh, ow) { dxs[best] += dys[oh * plan.outputWidth + ow] }
                                }
                            }
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
                        plan.forEachTap { o, i in ys[o] += xs[i] }
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
                        plan.forEachTap { o, i in dxs[i] += dys[o] / divisors[o] }
                    }
                }
            }
        }
        return inputGradient
    }
}
