import Foundation
import Tensor

/// Resizes an N-D tensor (ONNX Resize, opsets 10–19, and Upsample 7–9), one axis after another: along
/// each resized axis every output index reads one (nearest), two (linear) or four (cubic) input
/// indices with fixed weights, as onnxruntime computes them. The whole operator is linear in its input,
/// so its backward applies the transposed maps in reverse order.
public struct Resize: Operator {
    /// How an output index samples the input.
    public enum Mode: Sendable, Equatable {
        case nearest(NearestRounding)
        case linear
        /// Keys' cubic convolution with coefficient `a`; `excludesOutside` drops taps outside the input
        /// and renormalizes the rest.
        case cubic(coefficient: Float, excludesOutside: Bool)
    }

    /// How `nearest` rounds a fractional input coordinate.
    public enum NearestRounding: String, Sendable, Equatable {
        case roundPreferFloor = "round_prefer_floor"
        case roundPreferCeil = "round_prefer_ceil"
        case floor, ceil
        /// Resize 10 and Upsample: truncation when enlarging, ceiling when shrinking.
        case simple
    }

    /// How an output index maps to a (fractional) input coordinate, ONNX `coordinate_transformation_mode`.
    public enum CoordinateTransformation: Sendable, Equatable {
        case halfPixel, halfPixelSymmetric, pytorchHalfPixel, alignCorners, asymmetric, tfHalfPixelForNearest
        /// Crops the region `roi` (starts then ends, as fractions of every axis) and fills what lies
        /// outside the input with the extrapolation value.
        case tfCropAndResize(roi: [Float])
    }

    /// The output size: a scale per axis, or a size per axis (nil keeps the input's size, as for a
    /// batch axis whose target an exporter copied from the input's shape).
    public enum Target: Sendable, Equatable {
        case scales([Float])
        case sizes([Int?])
    }

    /// ONNX `keep_aspect_ratio_policy` (opset 18) for sizes: stretch, or one common scale, the smallest
    /// (not larger) or the largest (not smaller) of the axes' scales.
    public enum AspectRatioPolicy: String, Sendable, Equatable {
        case stretch
        case notLarger = "not_larger"
        case notSmaller = "not_smaller"
    }

    public var mode: Mode
    public var transformation: CoordinateTransformation
    public var target: Target
    public var aspectRatioPolicy: AspectRatioPolicy
    /// The axes the aspect-ratio policy considers (all when empty).
    public var policyAxes: [Int]
    public var extrapolationValue: Float

    public init(mode: Mode, transformation: CoordinateTransformation = .halfPixel, target: Target,
                aspectRatioPolicy: AspectRatioPolicy = .stretch, policyAxes: [Int] = [], extrapolationValue: Float = 0) {
        self.mode = mode
        self.transformation = transformation
        self.target = target
        self.aspectRatioPolicy = aspectRatioPolicy
        self.policyAxes = policyAxes
        self.extrapolationValue = extrapolationValue
    }

    public var type: String { "Resize" }

    /// The output shape and each axis's scale for an input of `shape`, as onnxruntime derives them.
    public func geometry(_ shape: [Int]) throws -> (output: [Int], scales: [Float]) {
        switch target {
        case .scales(let scales):
            guard scales.count == shape.count, scales.allSatisfy({ $0 > 0 && $0.isFinite }) else {
                throw TensorError.invalidArgument("Resize scales \(scales) do not fit an input of shape \(shape)")
            }
            return (zip(scales, shape).map { Int($0 * Float($1)) }, scales)
        case .sizes(let sizes):
            guard sizes.count == shape.count, sizes.allSatisfy({ ($0 ?? 0) >= 0 }) else {
                throw TensorError.invalidArgument("Resize sizes \(sizes) do not fit an input of shape \(shape)")
            }
            var output = zip(sizes, shape).map { $0 ?? $1 }
            var scales = zip(output, shape).map { $1 == 0 ? 1 : Float($0) / Float($1) }
            guard aspectRatioPolicy != .stretch else { return (output, scales) }
            let axes = policyAxes.isEmpty ? Array(shape.indices) : policyAxes
            let chosen = axes.map { scales[$0] }
            let common = (aspectRatioPolicy == .notLarger ? chosen.min() : chosen.max()) ?? 1
            for axis in shape.indices {
                let isPolicyAxis = axes.contains(axis)
                scales[axis] = isPolicyAxis ? common : 1
                output[axis] = isPolicyAxis ? Int((common * Float(shape[axis])).rounded()) : shape[axis]
            }
            return (output, scales)
        }
    }

    /// The input coordinate of output index `index` along an axis of `length` resized to `resized`.
    private func sourceCoordinate(_ index: Int, scale: Float, length: Int, resized: Int, axis: Int, rank: Int) -> Float {
        let (x, lengthResized, lengthOriginal) = (Float(index), Float(resized), Float(length))
        switch transformation {
        case .asymmetric: return x / scale
        case .halfPixel: return (x + 0.5) / scale - 0.5
        case .pytorchHalfPixel: return resized > 1 ? (x + 0.5) / scale - 0.5 : 0
        case .tfHalfPixelForNearest: return (x + 0.5) / scale
        case .alignCorners: return resized == 1 ? 0 : x * (lengthOriginal - 1) / (lengthResized - 1)
        case .halfPixelSymmetric:
            let adjustment = lengthResized / (scale * lengthOriginal)
            let offset = lengthOriginal / 2 * (1 - adjustment)
            return offset + (x + 0.5) / scale - 0.5
        case .tfCropAndResize(let roi):
            let (start, end) = (roi[axis], roi[rank + axis])
            return resized > 1
                ? start * (lengthOriginal - 1) + x * (end - start) * (lengthOriginal - 1) / (lengthResized - 1)
                : 0.5 * (start + end) * (lengthOriginal - 1)
        }
    }

    private func nearestIndex(_ coordinate: Float, rounding: NearestRounding, shrinking: Bool) -> Int {
        switch rounding {
        case .simple: return shrinking ? Int(coordinate.rounded(.up)) : Int(coordinate)
        case .roundPreferCeil: return Int(coordinate.rounded(.toNearestOrAwayFromZero))
        case .floor: return Int(coordinate.rounded(.down))
        case .ceil: return Int(coordinate.rounded(.up))
        case .roundPreferFloor:
            return coordinate == Float(Int(coordinate)) + 0.5 ? Int(coordinate.rounded(.down)) : Int(coordinate.rounded(.toNearestOrAwayFromZero))
        }
    }

    /// Keys' cubic weights of the taps at ⌊x⌋ − 1 … ⌊x⌋ + 2 for the fraction s = x − ⌊x⌋.
    private static func cubicWeights(_ s: Float, _ a: Float) -> [Float] {
        func near(_ t: Float) -> Float { ((a + 2) * t - (a + 3)) * t * t + 1 }
        func far(_ t: Float) -> Float { ((a * t - 5 * a) * t + 8 * a) * t - 4 * a }
        return [far(s + 1), near(s), near(1 - s), far(2 - s)]
    }

    /// The sampling of one axis: for each output index its taps (input index, weight), or none where
    /// the output takes the extrapolation value.
    func taps(length: Int, resized: Int, scale: Float, axis: Int, rank: Int) -> [[(index: Int, weight: Float)]] {
        if scale == 1 { return (0..<resized).map { [(min($0, length - 1), 1)] } }
        let extrapolates: Bool
        if case .tfCropAndResize = transformation { extrapolates = true } else { extrapolates = false }
        return (0..<resized).map { position in
            let coordinate = sourceCoordinate(position, scale: scale, length: length, resized: resized, axis: axis, rank: rank)
            if extrapolates && (coordinate < 0 || coordinate > Float(length - 1)) { return [] }
            switch mode {
            case .nearest(let rounding):
                let index = nearestIndex(coordinate, rounding: rounding, shrinking: scale < 1)
                return [(min(max(index, 0), length - 1), 1)]
            case .linear:
                let clamped = max(0, min(coordinate, Float(length - 1)))
                let low = min(Int(clamped), length - 1), high = min(low + 1, length - 1)
                guard low != high else { return [(low, 0.5), (high, 0.5)] }
                return [(low, abs(clamped - Float(high))), (high, abs(clamped - Float(low)))]
            case .cubic(let a, let excludesOutside):
                let base = Int(coordinate.rounded(.down))
                var weights = Resize.cubicWeights(coordinate - Float(base), a)
                let indices = (0..<4).map { base - 1 + $0 }
                if excludesOutside {
                    weights = zip(indices, weights).map { (0..<length).contains($0) ? $1 : 0 }
                    let total = weights.reduce(0, +)
                    weights = weights.map { $0 / total }
                }
                return zip(indices, weights).map { (min(max($0, 0), length - 1), $1) }
            }
        }
    }

    /// The resized axes in order, each with its taps.
    private func plan(_ shape: [Int]) throws -> (output: [Int], axes: [(axis: Int, resized: Int, taps: [[(index: Int, weight: Float)]])]) {
        let (output, scales) = try geometry(shape)
        guard output.allSatisfy({ $0 >= 0 }), output.reduce(1, *) <= ConstantOfShape.largestCount else {
            throw TensorError.invalidArgument("Resize of \(shape) to \(output) is too large")
        }
        if case .tfCropAndResize(let roi) = transformation, roi.count != 2 * shape.count {
            throw TensorError.invalidArgument("Resize roi \(roi) needs \(2 * shape.count) values for an input of shape \(shape)")
        }
        guard output != shape else { return (output, []) }
        let axes = shape.indices.filter { output[$0] != shape[$0] || scales[$0] != 1 }.map { axis in
            (axis, output[axis], taps(length: shape[axis], resized: output[axis], scale: scales[axis], axis: axis, rank: shape.count))
        }
        guard !shape.contains(0) || output.reduce(1, *) == 0 else {
            throw TensorError.invalidArgument("Resize cannot enlarge an empty input of shape \(shape)")
        }
        return (output, axes)
    }

    public func forward(_ inputs: [Tensor], mode: ExecutionMode) throws -> [Tensor] {
        var x = try onlyInput(inputs)
        for (axis, resized, taps) in try plan(x.shape).axes {
            x = x.resampled(alongAxis: axis, to: resized, taps: taps, fill: extrapolationValue)
        }
        return [x]
    }

    public func backward(_ pass: OperatorPass, outputGradients: [Tensor]) throws -> [Tensor?] {
        guard pass.needsGradient[0] else { return [nil] }
        let shape = pass.inputs[0].shape
        var gradient = outputGradients[0]
        for (axis, _, taps) in try plan(shape).axes.reversed() {
            gradient = gradient.resampledBackward(alongAxis: axis, to: shape[axis], taps: taps)
        }
        return [gradient]
    }
}

extension Tensor {
    /// Along `axis`, output index j = Σ weight · input index over `taps[j]`, or `fill` where it has none;
    /// the axes after `axis` move together as one contiguous run.
    func resampled(alongAxis axis: Int, to resized: Int, taps: [[(index: Int, weight: Float)]], fill: Float) -> Tensor {
        let (outer, length, inner) = split(around: axis)
        var shape = self.shape
        shape[axis] = resized
        return scalars.withUnsafeBufferPointer { source in
            Tensor(shape: shape) { out in
                for row in 0..<outer {
                    for (position, sampling) in taps.enumerated() {
                        let target = out.baseAddress! + (row * resized + position) * inner
                        guard let first = sampling.first else {
                            target.update(repeating: fill, count: inner)
                            continue
                        }
                        let head = source.baseAddress! + (row * length + first.index) * inner
                        for lane in 0..<inner { target[lane] = head[lane] * first.weight }
                        for tap in sampling.dropFirst() {
                            let values = source.baseAddress! + (row * length + tap.index) * inner
                            for lane in 0..<inner { target[lane] += values[lane] * tap.weight }
                        }
                    }
                }
            }
        }
    }

    /// The transpose of `resampled`: each output gradient index adds its weighted share to its taps.
    func resampledBackward(alongAxis axis: Int, to length: Int, taps: [[(index: Int, weight: Float)]]) -> Tensor {
        let (outer, resized, inner) = split(around: axis)
        var shape = self.shape
        shape[axis] = length
        var result = Tensor(shape: shape)
        scalars.withUnsafeBufferPointer { gradient in
            result.scalars.withUnsafeMutableBufferPointer { out in
                for row in 0..<outer {
                    for (position, sampling) in taps.enumerated() {
                        let values = gradient.baseAddress! + (row * resized + position) * inner
                        for tap in sampling {
                            let target = out.baseAddress! + (row * length + tap.index) * inner
                            for lane in 0..<inner { target[lane] += values[lane] * tap.weight }
                        }
                    }
                }
            }
        }
        return result
    }
}
