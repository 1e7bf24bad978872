extension Tensor {
    /// The tensors joined along `axis`; all other dimensions must agree.
    public static func concatenated(_ parts: [Tensor], alongAxis axis: Int) throws -> Tensor {
        guard let first = parts.first else {
            throw TensorError.invalidArgument("nothing to concatenate")
        }
        let resolved = try first.normalizedAxis(axis)
        for part in parts where part.rank != first.rank
            || part.shape.enumerated().contains(where: { $0.offset != resolved && $0.element != first.shape[$0.offset] }) {
            throw TensorError.shapeMismatch("cannot concatenate \(part.shape) with \(first.shape) along axis \(axis)")
        }
        var shape = first.shape
        shape[resolved] = parts.map { $0.shape[resolved] }.reduce(0, +)
        let outer = first.shape[..<resolved].reduce(1, *)
        var scalars = [Float]()
        scalars.reserveCapacity(shape.reduce(1, *))
        for block in 0..<outer {
            for part in parts {
                let span = part.count / max(outer, 1)
                scalars.append(contentsOf: part.scalars[(block * span)..<((block + 1) * span)])
            }
        }
        return try Tensor(shape: shape, scalars: scalars)
    }

    /// Pieces of the given sizes along `axis` (the inverse of concatenation).
    public func split(alongAxis axis: Int, sizes: [Int]) throws -> [Tensor] {
        let resolved = try normalizedAxis(axis)
        guard sizes.allSatisfy({ $0 >= 0 }), sizes.reduce(0, +) == shape[resolved] else {
            throw TensorError.invalidArgument("split sizes \(sizes) do not add up to dimension \(resolved) of \(shape)")
        }
        let (outer, _, inner) = split(around: resolved)
        var start = 0
        return try sizes.map { size in
            var pieceShape = shape
            pieceShape[resolved] = size
            var scalars = [Float]()
            scalars.reserveCapacity(outer * size * inner)
            for block in 0..<outer {
                let base = (block * shape[resolved] + start) * inner
                scalars.append(contentsOf: self.scalars[base..<(base + size * inner)])
            }
            start += size
            return try Tensor(shape: pieceShape, scalars: scalars)
        }
    }
}
