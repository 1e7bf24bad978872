extension Tensor {
    /// The axes reordered: result axis i is this tensor's axis `permutation[i]`.
    public func transposed(_ permutation: [Int]) throws -> Tensor {
        guard permutation.sorted() == Array(0..<rank) else {
            throw TensorError.invalidArgument("permutation \(permutation) does not reorder the axes of \(shape)")
        }
        let newShape = permutation.map { shape[$0] }
        let sourceStrides = Tensor.strides(of: shape)
        let walkStrides = permutation.map { sourceStrides[$0] }
        var result = Tensor(shape: newShape)
        guard count > 0 else { return result }
        scalars.withUnsafeBufferPointer { source in
            result.scalars.withUnsafeMutableBufferPointer { out in
                var index = [Int](repeating: 0, count: rank)
                var offset = 0
                for position in 0..<count {
                    out[position] = source[offset]
                    var axis = rank - 1
                    while axis >= 0 {
                        index[axis] += 1
                        offset += walkStrides[axis]
                        if index[axis] < newShape[axis] { break }
                        offset -= walkStrides[axis] * newShape[axis]
                        index[axis] = 0
                        axis -= 1
                    }
                }
            }
        }
        return result
    }

    /// The inverse of `permutation`, so that transposing by both restores the original order.
    public static func inversePermutation(_ permutation: [Int]) -> [Int] {
        var inverse = [Int](repeating: 0, count: permutation.count)
        for (position, axis) in permutation.enumerated() { inverse[axis] = position }
        return inverse
    }
}
