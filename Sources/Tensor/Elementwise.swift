extension Tensor {
    /// A tensor of the same shape with `transform` applied to every element.
    @inlinable
    public func map(_ transform: (Float) -> Float) -> Tensor {
        var result = self
        result.scalars.withUnsafeMutableBufferPointer { out in
            for index in out.indices { out[index] = transform(out[index]) }
        }
        return result
    }

    /// Elementwise combination of two tensors of the same shape (see `broadcasting` for others).
    @inlinable
    public func zip(_ other: Tensor, _ combine: (Float, Float) -> Float) throws -> Tensor {
        guard shape == other.shape else {
            throw TensorError.shapeMismatch("elementwise operands \(shape) and \(other.shape) differ")
        }
        var result = self
        result.scalars.withUnsafeMutableBufferPointer { out in
            other.scalars.withUnsafeBufferPointer { rhs in
                for index in out.indices { out[index] = combine(out[index], rhs[index]) }
            }
        }
        return result
    }

    /// Adds `other` (same shape) into this tensor in place; the accumulation step of backward passes.
    public mutating func add(_ other: Tensor) throws {
        guard shape == other.shape else {
            throw TensorError.shapeMismatch("cannot accumulate \(other.shape) into \(shape)")
        }
        scalars.withUnsafeMutableBufferPointer { out in
            other.scalars.withUnsafeBufferPointer { rhs in
                for index in out.indices { out[index] += rhs[index] }
            }
        }
    }

    /// Every element multiplied by `factor`.
    public func scaled(by factor: Float) -> Tensor {
        map { $0 * factor }
    }

    /// Sum of all elements, accumulated in Double so that large tensors stay accurate.
    public func sum() -> Float {
        scalars.withUnsafeBufferPointer { values in
            var total = 0.0
            for value in values { total += Double(value) }
            return Float(total)
        }
    }

    /// The largest absolute difference to `other`, or infinity if the shapes differ.
    public func maximumAbsoluteDifference(to other: Tensor) -> Float {
        guard shape == other.shape else { return .infinity }
        var worst: Float = 0
        for index in scalars.indices { worst = max(worst, abs(scalars[index] - other.scalars[index])) }
        return worst
    }
}
