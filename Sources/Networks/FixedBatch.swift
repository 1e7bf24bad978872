import Tensor

/// Running a network whose graph fixes its batch (`Network.fixedBatch`) on a batch of another size:
/// the batch is cut into chunks of the fixed size (the last one padded with copies of its last item),
/// each chunk runs as the graph expects, and what callers see is joined back along the batch axis.
/// A traced pass keeps the chunks' traces, so a backward pass runs chunk by chunk too.
extension Network {
    /// The feeds' batch when the graph cannot take it in one pass, nil when it can.
    func batchNeedingChunks(_ feeds: [String: Tensor]) -> Int? {
        guard let fixed = fixedBatch, let batch = feeds.values.first?.shape.first, batch != fixed else { return nil }
        return batch
    }

    /// `run` on a batch of `batch` items, in chunks of the fixed batch.
    func runInChunks(_ feeds: [String: Tensor], batch: Int, mode: ExecutionMode, keepingAll: Bool, keeping kept: Set<String>,
                     timing: ((Node, [Tensor], Duration) -> Void)?) throws -> Trace {
        let size = fixedBatch ?? batch
        let chunks = try Tensor.chunks(of: batch, size: size).map { range in
            let chunkFeeds = try feeds.mapValues { try $0.batch(range).padded(toBatch: size) }
            return try run(chunkFeeds, mode: mode, keepingAll: keepingAll, keeping: kept, timing: timing)
        }
        var trace = Trace(mode: mode, values: parameters.merging(feeds) { _, fed in fed }, chunks: chunks, batch: batch, chunkSize: size)
        for name in kept.union(outputs) { trace.values[name] = try trace.value(name) }
        if !keepingAll { trace.chunks = [] }
        return trace
    }

    /// `backward` of a trace run in chunks: each chunk's own backward from its rows of `seed`; input
    /// and tap gradients joined along the batch, parameter gradients summed.
    func backwardInChunks(_ trace: Trace, seed: Tensor, composite: Composite, taps: [String], parameterGradients: Bool,
                          stoppingAtTaps: Bool) throws -> Gradients {
        let size = trace.chunkSize
        let parts = try zip(trace.chunks, Tensor.chunks(of: trace.batch, size: size)).map { chunk, range in
            let chunkSeed = try Tensor.concatenated([seed.batch(range), Tensor(shape: [size - range.count] + seed.shape.dropFirst())],
                                                    alongAxis: 0)
            return try backward(chunk, seed: chunkSeed, composite: composite, taps: taps,
                                parameterGradients: parameterGradients, stoppingAtTaps: stoppingAtTaps)
        }
        func joined(_ pick: (Gradients) -> [String: Tensor]) throws -> [String: Tensor] {
            try pick(parts[0]).keys.reduce(into: [:]) { result, name in
                result[name] = try Trace.joined(parts.map { pick($0)[name]! }, name: name, batch: trace.batch, chunkSize: size)
            }
        }
        let parameters = try parts.dropFirst().reduce(parts[0].parameters) { total, part in
            try total.merging(part.parameters) { try $0 + $1 }
        }
        return Gradients(inputs: try joined(\.inputs), taps: try joined(\.taps), parameters: parameters)
    }
}

extension Trace {
    /// The chunks' tensors called `name` joined along the batch, without the padding.
    func joinedFromChunks(_ name: String) throws -> Tensor {
        try Trace.joined(chunks.map { try $0.value(name) }, name: name, batch: batch, chunkSize: chunkSize)
    }

    static func joined(_ parts: [Tensor], name: String, batch: Int, chunkSize: Int) throws -> Tensor {
        guard parts.allSatisfy({ $0.rank >= 1 && $0.shape[0] == chunkSize }) else {
            throw NetworkError.invalidInput("tensor '\(name)' (\(parts[0].shape)) does not lead with the batch, so this network, "
                                            + "whose graph fixes its batch, cannot give it for a batch of \(batch)")
        }
        return try Tensor.concatenated(parts, alongAxis: 0).batch(0..<batch)
    }
}

extension Tensor {
    /// The batch grown to `size` items by repeating its last one (a value every layer accepts).
    func padded(toBatch size: Int) throws -> Tensor {
        guard batchCount < size else { return self }
        let last = try batch((batchCount - 1)..<batchCount)
        return try Tensor.concatenated([self] + Array(repeating: last, count: size - batchCount), alongAxis: 0)
    }
}
