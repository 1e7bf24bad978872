extension Tensor {
    /// The tensor viewed as (outer, axis, inner) around one axis: the layout reductions and softmax walk.
    public func split(around axis: Int) -> (outer: Int, length: Int, inner: Int) {
        (shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *))
    }

    /// `axis` made non-negative and checked against the rank.
    public func normalizedAxis(_ axis: Int) throws -> Int {
        let resolved = axis < 0 ? axis + rank : axis
        guard resolved >= 0, resolved < max(rank, 1) else {
            throw TensorError.invalidArgument("axis \(axis) is out of range for shape \(shape)")
        }
        return resolved
    }

    /// Sum over `axes` (all when empty), keeping them as size-1 dimensions when `keepingDimensions`.
    public func sum(alongAxes axes: [Int], keepingDimensions: Bool = true) throws -> Tensor {
        let resolved = Set(try (axes.isEmpty ? Array(0..<rank) : axes).map(normalizedAxis))
        let kept = shape.enumerated().map { resolved.contains($0.offset) ? 1 : $0.element }
        var result = try summed(toShape: kept)
        if !keepingDimensions {
            result = try result.reshaped(shape.enumerated().filter { !resolved.contains($0.offset) }.map(\.element))
        }
        return result
    }

    /// Mean over `axes` (all when empty).
    public func mean(alongAxes axes: [Int], keepingDimensions: Bool = true) throws -> Tensor {
        let total = try sum(alongAxes: axes, keepingDimensions: keepingDimensions)
        return total.scaled(by: Float(total.count) / Float(max(count, 1)))
    }

    /// The index of the largest element along the last axis, one per row (ties go to the first).
    public func argmaxAlongLastAxis() -> [Int] {
        let columns = shape.last ?? 1
        guard columns > 0 else { return [] }
        return (0..<(count / columns)).map { row in
            var best = 0
            for column in 1..<columns where scalars[row * columns + column] > scalars[row * columns + best] {
                best = column
            }
            return best
        }
    }
}
