import Tensor

/// Separable bilinear resampling as Pillow does it (`Image.resize(..., BILINEAR)`): each output
/// pixel is a triangle-weighted average of the input pixels around its centre, and when shrinking
/// the triangle is widened by the scale factor, so that every input pixel contributes (area
/// averaging) instead of being skipped. Enlarging reduces to ordinary half-pixel bilinear
/// interpolation with edge replication (as OpenCV and `align_corners=False`).
struct ResamplingWeights {
    /// For each output position, the first input index it reads.
    let first: [Int]
    /// For each output position, `taps` weights (zero-padded), summing to one.
    let weights: [Float]
    let taps: Int

    init(inputSize: Int, outputSize: Int) {
        let scale = Double(inputSize) / Double(outputSize)
        let filterScale = max(scale, 1)
        let support = filterScale
        taps = Int(support.rounded(.up)) * 2 + 1
        var first = [Int](repeating: 0, count: outputSize)
        var weights = [Float](repeating: 0, count: outputSize * taps)
        for output in 0..<outputSize {
            let center = (Double(output) + 0.5) * scale
            // Int(_:) truncates toward zero like Pillow's C cast; the clamp handles the left edge.
            let start = max(Int(center - support + 0.5), 0)
            let end = min(Int(center + support + 0.5), inputSize)
            var row = [Double](repeating: 0, count: taps)
            var total = 0.0
            for input in start..<end {
                let distance = abs((Double(input) - center + 0.5) / filterScale)
                let weight = max(1 - distance, 0)
                row[input - start] = weight
                total += weight
            }
            first[output] = start
            for tap in 0..<(end - start) {
                weights[output * taps + tap] = Float(total > 0 ? row[tap] / total : 0)
            }
        }
        self.first = first
        self.weights = weights
    }
}

extension Tensor {
    /// Every `H×W` plane of this `…×H×W` tensor resampled bilinearly to `height × width`
    /// (area averaging when shrinking; see `ResamplingWeights`).
    public func resizedBilinear(height: Int, width: Int) throws -> Tensor {
        let planes = try PlaneShape(of: self)
        guard height > 0, width > 0 else {
            throw ImagingError.invalidArgument("cannot resize to \(height)×\(width)")
        }
        if planes.height == height, planes.width == width { return self }
        let horizontal = ResamplingWeights(inputSize: planes.width, outputSize: width)
        let vertical = ResamplingWeights(inputSize: planes.height, outputSize: height)
        var output = [Float](repeating: 0, count: planes.count * height * width)
        var rows = [Float](repeating: 0, count: planes.height * width)
        scalars.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { output in
                rows.withUnsafeMutableBufferPointer { rows in
                    for plane in 0..<planes.count {
                        let source = input.baseAddress! + plane * planes.height * planes.width
                        for y in 0..<planes.height {
                            resampleLine(source + y * planes.width, stride: 1, into: rows.baseAddress! + y * width,
                                         outputStride: 1, weights: horizontal, limit: planes.width)
                        }
                        let target = output.baseAddress! + plane * height * width
                        for x in 0..<width {
                            resampleLine(rows.baseAddress! + x, stride: width, into: target + x,
                                         outputStride: width, weights: vertical, limit: planes.height)
                        }
                    }
                }
            }
        }
        var shape = self.shape
        shape[shape.count - 2] = height
        shape[shape.count - 1] = width
        return try Tensor(shape: shape, scalars: output)
    }
}

/// One line (a row or a column, given by its stride) through the weights.
private func resampleLine(_ input: UnsafePointer<Float>, stride: Int, into output: UnsafeMutablePointer<Float>,
                          outputStride: Int, weights: ResamplingWeights, limit: Int) {
    weights.weights.withUnsafeBufferPointer { kernel in
        for position in 0..<weights.first.count {
            let start = weights.first[position]
            let taps = min(weights.taps, limit - start)
            var sum: Float = 0
            for tap in 0..<taps {
                sum += kernel[position * weights.taps + tap] * input[(start + tap) * stride]
            }
            output[position * outputStride] = sum
        }
    }
}

extension Image {
    /// The picture resampled bilinearly to `width × height` (area averaging when shrinking).
    public func resized(width: Int, height: Int) throws -> Image {
        var planar = [Float](repeating: 0, count: pixels.count)
        let channels = layout.channelCount
        let planeSize = self.width * self.height
        for index in 0..<planeSize {
            for channel in 0..<channels {
                planar[channel * planeSize + index] = Float(pixels[index * channels + channel])
            }
        }
        let resized = try Tensor(shape: [channels, self.height, self.width], scalars: planar)
            .resizedBilinear(height: height, width: width)
        var result = [UInt8](repeating: 0, count: width * height * channels)
        for index in 0..<(width * height) {
            for channel in 0..<channels {
                let value = resized.scalars[channel * width * height + index]
                result[index * channels + channel] = UInt8(min(max(value, 0), 255).rounded())
            }
        }
        return Image(unchecked: width, height, layout, result)
    }
}
