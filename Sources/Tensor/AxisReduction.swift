extension Tensor {
    /// The axes of this tensor grouped for a reduction over `reduced`: neighbouring axes that are both
    /// reduced or both kept act as one, and size-1 axes drop out.
    @usableFromInline
    func mergedAxes(reducing reduced: Set<Int>) -> [(size: Int, isReduced: Bool)] {
        var merged: [(size: Int, isReduced: Bool)] = []
        for (axis, size) in shape.enumerated() where size != 1 {
            let isReduced = reduced.contains(axis)
            if let last = merged.last, last.isReduced == isReduced {
                merged[merged.count - 1].size *= size
            } else {
                merged.append((size, isReduced))
            }
        }
        return merged
    }

    /// `axes` made non-negative and checked; all axes when empty.
    public func resolvedAxes(_ axes: [Int]) throws -> Set<Int> {
        Set(try (axes.isEmpty ? Array(0..<rank) : axes).map(normalizedAxis))
    }

    /// The shape with the axes in `reduced` set to 1.
    public func shape(reducing reduced: Set<Int>) -> [Int] {
        shape.enumerated().map { reduced.contains($0.offset) ? 1 : $0.element }
    }

    /// `combine` folded from `initial` over `axes` (all when empty), the reduced axes kept as size 1.
    ///
    /// When the reduced axes form one block, the loop walks the tensor once in memory order with the
    /// kept inner axes as its contiguous innermost run; otherwise the reduced axes are first moved last.
    @inlinable
    public func reduced(alongAxes axes: [Int], initial: Float, _ combine: (Float, Float) -> Float) throws -> Tensor {
        let reduced = try resolvedAxes(axes)
        let keptShape = shape(reducing: reduced)
        let merged = mergedAxes(reducing: reduced)
        let reducedBlocks = merged.filter(\.isReduced).count
        guard reducedBlocks <= 1 else {
            let kept = (0..<rank).filter { !reduced.contains($0) }
            let moved = try transposed(kept + reduced.sorted())
            return try moved.reduced(alongAxes: Array(kept.count..<rank), initial: initial, combine).reshaped(keptShape)
        }
        let block = merged.firstIndex(where: \.isReduced)
        let length = block.map { merged[$0].size } ?? 1
        let inner = block.map { merged[($0 + 1)...].reduce(1) { $0 * $1.size } } ?? count
        let outer = count / max(length * inner, 1)
        var result = Tensor(shape: keptShape, repeating: initial)
        guard count > 0 else { return result }
        scalars.withUnsafeBufferPointer { source in
            result.scalars.withUnsafeMutableBufferPointer { output in
                for row in 0..<outer {
                    let out = output.baseAddress! + row * inner
                    for position in 0..<length {
                        let values = source.baseAddress! + (row * length + position) * inner
                        for lane in 0..<inner { out[lane] = combine(out[lane], values[lane]) }
                    }
                }
            }
        }
        return result
    }

    /// For every row along `axis`, the position of the element that `precedes` all others (the first
    /// such one, or the last when `preferringLast`), as a tensor with that axis of size 1.
    public func positions(alongAxis axis: Int, preferringLast: Bool = false,
                          where precedes: (Float, Float) -> Bool) throws -> Tensor {
        let resolved = try normalizedAxis(axis)
        let (outer, length, inner) = split(around: resolved)
        var keptShape = shape
        keptShape[resolved] = 1
        var result = Tensor(shape: keptShape)
        scalars.withUnsafeBufferPointer { source in
            result.scalars.withUnsafeMutableBufferPointer { output in
                for row in 0..<outer {
                    for lane in 0..<inner {
                        let base = row * length * inner + lane
                        var best = 0
                        for position in 1..<max(length, 1) {
                            let (candidate, current) = (source[base + position * inner], source[base + best * inner])
                            if precedes(candidate, current) || (preferringLast && candidate == current) { best = position }
                        }
                        output[row * inner + lane] = Float(best)
                    }
                }
            }
        }
        return result
    }
}
