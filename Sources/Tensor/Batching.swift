extension Tensor {
    /// The number of items along the first axis (the batch).
    public var batchCount: Int { shape.first ?? 0 }

    /// Items `range` of the batch, as one tensor.
    public func batch(_ range: Range<Int>) throws -> Tensor {
        guard rank >= 1, range.lowerBound >= 0, range.upperBound <= batchCount else {
            throw TensorError.invalidArgument("batch range \(range) is outside \(shape)")
        }
        let itemSize = count / max(batchCount, 1)
        return try Tensor(shape: [range.count] + shape.dropFirst(),
                          scalars: Array(scalars[(range.lowerBound * itemSize)..<(range.upperBound * itemSize)]))
    }

    /// The batch items at `indices`, in that order (for shuffled mini-batches).
    public func gatheringBatch(_ indices: [Int]) throws -> Tensor {
        let itemSize = count / max(batchCount, 1)
        var gathered = [Float]()
        gathered.reserveCapacity(indices.count * itemSize)
        for index in indices {
            guard index >= 0, index < batchCount else {
                throw TensorError.invalidArgument("batch index \(index) is outside \(shape)")
            }
            gathered.append(contentsOf: scalars[(index * itemSize)..<((index + 1) * itemSize)])
        }
        return try Tensor(shape: [indices.count] + shape.dropFirst(), scalars: gathered)
    }

    /// Consecutive ranges of at most `size` items covering a batch of `count` items.
    public static func chunks(of count: Int, size: Int) -> [Range<Int>] {
        let step = max(1, size)
        return stride(from: 0, to: count, by: step).map { $0..<min(count, $0 + step) }
    }
}
