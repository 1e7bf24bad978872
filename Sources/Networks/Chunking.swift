import Tensor

extension Network {
    /// Bytes a traced pass keeps per batch item: every activation of one item, as Float32.
    ///
    /// Measured by tracing one zero item, so it is exact for any graph; parameters are not counted
    /// because they do not grow with the batch.
    public func bytesPerItem() throws -> Int {
        let feeds = Dictionary(uniqueKeysWithValues: inputs.map { info in
            (info.name, Tensor(shape: info.shape.map { $0 < 0 ? 1 : $0 }))
        })
        let trace = try run(feeds, mode: .inference, keepingAll: true)
        let activations = trace.values.filter { parameters[$0.key] == nil }.values.reduce(0) { $0 + $1.count }
        // A backward pass holds about as many gradients again as the trace holds activations.
        return 2 * activations * MemoryLayout<Float>.size
    }

    /// The largest batch whose traced forward and backward fit in `bytes` (at least 1).
    public func batchSize(forMemoryBudget bytes: Int) throws -> Int {
        max(1, bytes / max(try bytesPerItem(), 1))
    }

    /// The first output for a batch run in chunks of at most `chunkSize` items, joined.
    public func forward(_ input: Tensor, chunkSize: Int) throws -> Tensor {
        let parts = try Tensor.chunks(of: input.batchCount, size: chunkSize).map { try forward(input.batch($0)) }
        return try Tensor.concatenated(parts, alongAxis: 0)
    }

    /// Input gradients (or relevances) for a batch and its per-item seeds, in chunks of at most `chunkSize`.
    public func inputGradient(_ input: Tensor, seed: Tensor, composite: Composite = .gradient,
                              chunkSize: Int) throws -> Tensor {
        guard seed.batchCount == input.batchCount else {
            throw NetworkError.invalidInput("\(seed.batchCount) seeds for \(input.batchCount) inputs")
        }
        let parts = try Tensor.chunks(of: input.batchCount, size: chunkSize).map { range in
            try inputGradient(input.batch(range), seed: seed.batch(range), composite: composite)
        }
        return try Tensor.concatenated(parts, alongAxis: 0)
    }
}
