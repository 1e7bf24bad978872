extension Tensor {
    /// The shape two operands broadcast to under NumPy rules (dimensions aligned from the right).
    public static func broadcastShape(_ lhs: [Int], _ rhs: [Int]) throws -> [Int] {
        let rank = max(lhs.count, rhs.count)
        let left = [Int](repeating: 1, count: rank - lhs.count) + lhs
        let right = [Int](repeating: 1, count: rank - rhs.count) + rhs
        return try (0..<rank).map { axis in
            let (a, b) = (left[axis], right[axis])
            guard a == b || a == 1 || b == 1 else {
                throw TensorError.shapeMismatch("cannot broadcast \(lhs) with \(rhs)")
            }
            return a == 1 ? b : a
        }
    }

    /// Element strides of `shape` when read as the broadcast `target` shape: 0 along broadcast axes.
    @usableFromInline
    static func broadcastStrides(of shape: [Int], to target: [Int]) -> [Int] {
        let padded = [Int](repeating: 1, count: target.count - shape.count) + shape
        let strides = Tensor.strides(of: padded)
        return (0..<target.count).map { padded[$0] == 1 && target[$0] != 1 ? 0 : strides[$0] }
    }

    /// `combine` applied to `lhs` and `rhs` broadcast against each other.
    @inlinable
    public static func broadcasting(_ lhs: Tensor, _ rhs: Tensor,
                                    _ combine: (Float, Float) -> Float) throws -> Tensor {
        if lhs.shape == rhs.shape { return try lhs.zip(rhs, combine) }
        let shape = try broadcastShape(lhs.shape, rhs.shape)
        var result = Tensor(shape: shape)
        if rhs.count == 1 {
            let value = rhs.scalars[0]
            return try lhs.map { combine($0, value) }.reshaped(shape)
        }
        if lhs.count == 1 {
            let value = lhs.scalars[0]
            return try rhs.map { combine(value, $0) }.reshaped(shape)
        }
        let leftStrides = broadcastStrides(of: lhs.shape, to: shape)
        let rightStrides = broadcastStrides(of: rhs.shape, to: shape)
        let innermost = shape.last ?? 1
        let (leftStep, rightStep) = (leftStrides.last ?? 0, rightStrides.last ?? 0)
        let rows = result.count / max(innermost, 1)
        lhs.scalars.withUnsafeBufferPointer { left in
            rhs.scalars.withUnsafeBufferPointer { right in
                result.scalars.withUnsafeMutableBufferPointer { out in
                    var index = [Int](repeating: 0, count: shape.count)
                    for row in 0..<rows {
                        var leftBase = 0, rightBase = 0
                        for axis in 0..<(shape.count - 1) {
                            leftBase += index[axis] * leftStrides[axis]
                            rightBase += index[axis] * rightStrides[axis]
                        }
                        let outBase = row * innermost
                        for column in 0..<innermost {
                            out[outBase + column] = combine(left[leftBase + column * leftStep],
                                                            right[rightBase + column * rightStep])
                        }
                        var axis = shape.count - 2
                        while axis >= 0 {
                            index[axis] += 1
                            if index[axis] < shape[axis] { break }
                            index[axis] = 0
                            axis -= 1
                        }
                    }
                }
            }
        }
        return result
    }

    /// This tensor repeated along the axes where `target` is larger (NumPy `broadcast_to`): a view
    /// whose broadcast axes have stride 0, copied a run at a time.
    public func broadcast(toShape target: [Int]) throws -> Tensor {
        if shape == target { return self }
        guard try Tensor.broadcastShape(shape, target) == target else {
            throw TensorError.shapeMismatch("cannot broadcast \(shape) to \(target)")
        }
        let view = StridedView(shape: target, strides: Tensor.broadcastStrides(of: shape, to: target), offset: 0)
        return view.gathered(from: scalars, shape: target)
    }

    /// This tensor summed down to `target`, a shape it was broadcast from: the backward of broadcasting.
    public func summed(toShape target: [Int]) throws -> Tensor {
        if shape == target { return self }
        guard try Tensor.broadcastShape(target, shape) == shape else {
            throw TensorError.shapeMismatch("cannot sum \(shape) down to \(target)")
        }
        // Neighbouring axes that are both summed or both kept act as one, so the loops run over long
        // contiguous runs (GlobalAveragePool: N·C runs of H·W) rather than element by element.
        let targetStrides = Tensor.broadcastStrides(of: target, to: shape)
        var axes: [(size: Int, isSummed: Bool)] = []
        for (size, targetStride) in Swift.zip(shape, targetStrides) where size > 1 {
            let isSummed = targetStride == 0
            if let last = axes.last, last.isSummed == isSummed { axes[axes.count - 1].size *= size } else { axes.append((size, isSummed)) }
        }
        var result = Tensor(shape: target)
        guard let innermost = axes.last else { return try reshaped(target) }
        // Where each axis moves the output: 0 along summed axes, the kept sizes inside it along kept ones.
        var outputStrides = [Int](repeating: 0, count: axes.count)
        var keptInside = 1
        for axis in axes.indices.reversed() where !axes[axis].isSummed {
            outputStrides[axis] = keptInside
            keptInside *= axes[axis].size
        }
        let runs = count / innermost.size
        scalars.withUnsafeBufferPointer { source in
            result.scalars.withUnsafeMutableBufferPointer { output in
                var index = [Int](repeating: 0, count: axes.count)
                for run in 0..<runs {
                    var base = 0
                    for axis in 0..<(axes.count - 1) { base += index[axis] * outputStrides[axis] }
                    let values = UnsafeBufferPointer(rebasing: source[(run * innermost.size)...].prefix(innermost.size))
                    if innermost.isSummed {
                        output[base] += Tensor.sumInLanes(values)
                    } else {
                        for (offset, value) in values.enumerated() { output[base + offset] += value }
                    }
                    var axis = axes.count - 2
                    while axis >= 0 {
                        index[axis] += 1
                        if index[axis] < axes[axis].size { break }
                        index[axis] = 0
                        axis -= 1
                    }
                }
            }
        }
        return result
    }

    /// The sum of a run in sixteen interleaved lanes, which the compiler turns into vector additions
    /// (a single running sum would have to stay in order); the same order on every call.
    public static func sumInLanes(_ values: UnsafeBufferPointer<Float>) -> Float {
        var lanes = SIMD16<Float>()
        let whole = values.count / 16 * 16
        var position = 0
        while position < whole {
            lanes += UnsafeRawPointer(values.baseAddress! + position).loadUnaligned(as: SIMD16<Float>.self)
            position += 16
        }
        var total = lanes.sum()
        while position < values.count {
            total += values[position]
            position += 1
        }
        return total
    }

    /// Σ (value − center)² of a run, in sixteen interleaved lanes as `sumInLanes`: a variance's numerator.
    public static func squaredDeviationSumInLanes(_ values: UnsafeBufferPointer<Float>, center: Float) -> Float {
        var lanes = SIMD16<Float>()
        let centers = SIMD16<Float>(repeating: center)
        let whole = values.count / 16 * 16
        var position = 0
        while position < whole {
            let deviations = UnsafeRawPointer(values.baseAddress! + position).loadUnaligned(as: SIMD16<Float>.self) - centers
            lanes += deviations * deviations
            position += 16
        }
        var total = lanes.sum()
        while position < values.count {
            let deviation = values[position] - center
            total += deviation * deviation
            position += 1
        }
        return total
    }

    public static func + (lhs: Tensor, rhs: Tensor) throws -> Tensor { try broadcasting(lhs, rhs, +) }
    public static func - (lhs: Tensor, rhs: Tensor) throws -> Tensor { try broadcasting(lhs, rhs, -) }
    public static func * (lhs: Tensor, rhs: Tensor) throws -> Tensor { try broadcasting(lhs, rhs, *) }
    public static func / (lhs: Tensor, rhs: Tensor) throws -> Tensor { try broadcasting(lhs, rhs, /) }
}
