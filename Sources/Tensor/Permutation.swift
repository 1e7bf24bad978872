extension Tensor {
    /// The axes reordered: result axis i is this tensor's axis `permutation[i]`.
    public func transposed(_ permutation: [Int]) throws -> Tensor {
        guard permutation.sorted() == Array(0..<rank) else {
            throw TensorError.invalidArgument("permutation \(permutation) does not reorder the axes of \(shape)")
        }
        let sourceStrides = Tensor.strides(of: shape)
        let view = StridedView(shape: permutation.map { shape[$0] }, strides: permutation.map { sourceStrides[$0] }, offset: 0)
        return view.gathered(from: scalars, shape: view.shape)
    }

    /// The inverse of `permutation`, so that transposing by both restores the original order.
    public static func inversePermutation(_ permutation: [Int]) -> [Int] {
        var inverse = [Int](repeating: 0, count: permutation.count)
        for (position, axis) in permutation.enumerated() { inverse[axis] = position }
        return inverse
    }
}
