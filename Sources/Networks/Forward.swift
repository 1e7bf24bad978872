import Tensor

/// The tensors one forward pass produced, kept for a backward pass and for taps.
public struct Trace: Sendable {
    public let mode: ExecutionMode
    /// Every named tensor of the pass: inputs, parameters and node outputs. A pass run in chunks
    /// (a graph that fixes its batch) holds its inputs, parameters and outputs here, the rest in `chunks`.
    public internal(set) var values: [String: Tensor]
    /// The traces of the chunks of a pass run in chunks, in batch order; empty otherwise.
    var chunks: [Trace] = []
    /// The batch of a pass run in chunks, and the batch of each chunk.
    var batch = 0
    var chunkSize = 0

    /// The tensor called `name` (a node output, an input or a parameter).
    public func value(_ name: String) throws -> Tensor {
        if let value = values[name] { return value }
        guard !chunks.isEmpty else { throw NetworkError.unknownName("no tensor '\(name)' in this pass") }
        return try joinedFromChunks(name)
    }

    /// The shape of the tensor called `name`, nil when the pass has none; a pass run in chunks
    /// answers without joining them.
    public func shape(of name: String) -> [Int]? {
        if let value = values[name] { return value.shape }
        guard var shape = chunks.first?.shape(of: name) else { return nil }
        if shape.first == chunkSize { shape[0] = batch }
        return shape
    }
}

extension Network {
    /// The first output for a single-input network (the logits of a classifier), for a batch.
    public func forward(_ input: Tensor) throws -> Tensor {
        let results = try run(feeds(for: input), mode: .inference, keepingAll: false)
        return try results.value(outputs[0])
    }

    /// The first output and the activation of the node (or tensor) `tap`.
    public func forward(_ input: Tensor, tap: String) throws -> (output: Tensor, activation: Tensor) {
        let tapped = try valueName(forTap: tap)
        let trace = try run(feeds(for: input), mode: .inference, keepingAll: false, keeping: [tapped])
        return (try trace.value(outputs[0]), try trace.value(tapped))
    }

    /// A forward pass that keeps every tensor, ready for `backward`.
    public func trace(_ input: Tensor, mode: ExecutionMode = .inference) throws -> Trace {
        try run(feeds(for: input), mode: mode, keepingAll: true)
    }

    /// A forward pass from named inputs, keeping every tensor.
    public func trace(feeds: [String: Tensor], mode: ExecutionMode = .inference) throws -> Trace {
        for info in inputs {
            guard let given = feeds[info.name] else {
                throw NetworkError.invalidInput("missing input '\(info.name)'")
            }
            guard accepts(given.shape, for: info) else {
                throw NetworkError.invalidInput("input '\(info.name)' expects shape \(info.shape), got \(given.shape)")
            }
        }
        return try run(feeds, mode: mode, keepingAll: true)
    }

    /// An inference pass over `input` that times each node, in the order they ran: where a pass spends
    /// its time, for benchmarks and profiles.
    public func timedForward(_ input: Tensor) throws -> [NodeTiming] {
        var timings: [NodeTiming] = []
        _ = try run(feeds(for: input), mode: .inference, keepingAll: false) { node, inputs, duration in
            timings.append(NodeTiming(name: node.name, type: node.op.type, inputShapes: inputs.map(\.shape),
                                      duration: duration))
        }
        return timings
    }

    /// Runs the nodes in order. Unless `keepingAll`, a tensor is dropped after its last reader so
    /// that peak memory stays near the widest layer rather than the sum of all layers. `timing`, if
    /// given, hears how long each node's forward took.
    func run(_ feeds: [String: Tensor], mode: ExecutionMode, keepingAll: Bool, keeping kept: Set<String> = [],
             timing: ((Node, [Tensor], Duration) -> Void)? = nil) throws -> Trace {
        if let batch = batchNeedingChunks(feeds) {
            return try runInChunks(feeds, batch: batch, mode: mode, keepingAll: keepingAll, keeping: kept, timing: timing)
        }
        var values = parameters.merging(feeds) { _, fed in fed }
        var lastReader: [String: Int] = [:]
        if !keepingAll {
            for (position, node) in nodes.enumerated() {
                for input in node.inputs { lastReader[input] = position }
            }
        }
        let protected = kept.union(outputs).union(parameters.keys)
        for (position, node) in nodes.enumerated() {
            let inputs = try node.presentInputs.map { name -> Tensor in
                guard let value = values[name] else {
                    throw NetworkError.invalidGraph("node '\(node.name)' reads '\(name)', which is not available")
                }
                return value
            }
            let results: [Tensor]
            do {
                let started = ContinuousClock.now
                results = try node.op.forward(inputs, mode: mode.forNode(at: position))
                timing?(node, inputs, started.duration(to: .now))
            } catch let error as NetworkError {
                throw error
            } catch {
                throw NetworkError.operatorFailed(node: node.name, type: node.op.type, message: "\(error)")
            }
            for (name, value) in zip(node.outputs, results) where !name.isEmpty { values[name] = value }
            if !keepingAll {
                for input in node.inputs where lastReader[input] == position && !protected.contains(input) {
                    values[input] = nil
                }
            }
        }
        return Trace(mode: mode, values: values)
    }
}

/// How long one node's forward took, with the shapes it read (weights included).
public struct NodeTiming: Sendable {
    public let name: String
    public let type: String
    public let inputShapes: [[Int]]
    public let duration: Duration
}

extension ExecutionMode {
    /// Each node draws from its own stream, so adding a node does not change the others' dropout.
    func forNode(at position: Int) -> ExecutionMode {
        guard case .training(let seed) = self else { return self }
        var generator = SeededGenerator(seed: seed).derived(UInt64(position))
        return .training(seed: generator.next())
    }
}
