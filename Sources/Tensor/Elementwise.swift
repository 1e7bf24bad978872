extension Tensor {
    /// A tensor of the same shape with `transform` applied to every element.
    @inlinable
    public func map(_ transform: (Float) -> Float) -> Tensor {
        scalars.withUnsafeBufferPointer { values in
            Tensor(shape: shape) { out in
                for index in out.indices { out[index] = transform(values[index]) }
            }
        }
    }

    /// `combine(a[i], b[i], c[i])` for three tensors of one shape, e.g. a gradient times a derivative
    /// that needs both the input and the output of an activation.
    @inlinable
    public static func zip(_ a: Tensor, _ b: Tensor, _ c: Tensor,
                           _ combine: (Float, Float, Float) -> Float) throws -> Tensor {
        guard a.shape == b.shape, a.shape == c.shape else {
            throw TensorError.shapeMismatch("elementwise operands \(a.shape), \(b.shape) and \(c.shape) differ")
        }
        return a.scalars.withUnsafeBufferPointer { x in
            b.scalars.withUnsafeBufferPointer { y in
                c.scalars.withUnsafeBufferPointer { z in
                    Tensor(shape: a.shape) { out in
                        for index in out.indices { out[index] = combine(x[index], y[index], z[index]) }
                    }
                }
            }
        }
    }

    /// Elementwise combination of two tensors of the same shape (see `broadcasting` for others).
    @inlinable
    public func zip(_ other: Tensor, _ combine: (Float, Float) -> Float) throws -> Tensor {
        guard shape == other.shape else {
            throw TensorError.shapeMismatch("elementwise operands \(shape) and \(other.shape) differ")
        }
        return scalars.withUnsafeBufferPointer { lhs in
            other.scalars.withUnsafeBufferPointer { rhs in
                Tensor(shape: shape) { out in
                    for index in out.indices { out[index] = combine(lhs[index], rhs[index]) }
                }
            }
        }
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
