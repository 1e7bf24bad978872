import Networks
import Tensor

/// The state of a re-batched import: a graph exported with a fixed batch of 1, imported with its
/// batch left open. Its probes are single items, as the file's graph takes them, and a batch of
/// those items; every tensor of the batch must hold, item by item, what the single items computed
/// (`BatchLayout`), and the literal shapes that baked the batch in are rewritten to follow it.
struct Rebatching {
    /// The probes holding one item each, in the order the batched probe holds them, and the batched probe.
    let singles: [Int]
    let batched: Int
    /// Where the batch sits in each tensor computed so far; absent for tensors that carry none.
    var layouts: [String: BatchLayout] = [:]
    /// Nodes imported, alternatives included: a bound on the search over ambiguous Reshapes.
    var nodesImported = 0
}

extension GraphImporter {
    /// The alternatives the node at `index` offers: candidate targets of a Reshape whose literal
    /// shape baked in the batch (at least one: the node as it is).
    func rebatchingChoices(at index: Int) throws -> Int {
        guard rebatching != nil else { return 1 }
        let node = try nodeImport(at: index)
        return try reshapeTargets(node, proto: graph.node[index])?.count ?? 1
    }

    /// Rewrites the node for a free batch before it is imported: a Reshape's literal target takes
    /// its `choice`-th candidate, and constants concatenated to batched data are expanded to the batch.
    mutating func rebatch(_ node: inout NodeImport, _ proto: inout Onnx_NodeProto, choice: Int) throws {
        rebatching?.nodesImported += 1
        switch node.attributes.type {
        case "Reshape":
            guard let targets = try reshapeTargets(node, proto: proto) else { return }
            guard targets.indices.contains(choice) else { throw RebatchingFailure("Reshape '\(node.node)' has no target left to try") }
            node.inputs[1] = .constant(Constant(integers: targets[choice]))
        case "Concat":
            try expandConstants(concatenatedBy: &node, &proto)
        default:
            break
        }
    }

    /// The candidate targets of a Reshape reading batched data with a literal (not batch-following)
    /// shape, nil when the node needs no rewriting.
    private func reshapeTargets(_ node: NodeImport, proto: Onnx_NodeProto) throws -> [[Int]]? {
        guard node.attributes.type == "Reshape", node.inputs.count > 1, case .constant(let target)? = node.inputs[1],
              let layout = rebatching?.layouts[proto.input[0]], let single = try node.shapes(0).first else {
            return nil
        }
        let allowsZero = try node.attributes.int("allowzero", default: 0) != 0
        guard !(allowsZero && target.integers.contains(0)) else { throw RebatchingFailure("Reshape '\(node.node)' makes an empty tensor") }
        let resolved = try LayoutFolding.resolvedReshape(of: single, to: target.integers, allowsZero: allowsZero, node.attributes)
        let targets = ReshapeRebatching.targets(input: single, layout: layout, target: resolved)
        guard !targets.isEmpty else { throw RebatchingFailure("Reshape '\(node.node)' to \(resolved) cannot carry a batch") }
        return targets
    }

    /// A constant with a batch of 1 concatenated to batched data (a class token the exporter expanded
    /// to the fixed batch) becomes an Expand of that constant to the run-time batch.
    private mutating func expandConstants(concatenatedBy node: inout NodeImport, _ proto: inout Onnx_NodeProto) throws {
        guard let axis = try node.attributes.int("axis"),
              let batched = proto.input.compactMap({ rebatching?.layouts[$0] }).first, batched.outer == 1, batched.inner == 1 else { return }
        for (position, value) in node.inputs.enumerated() {
            guard case .constant(let constant)? = value, constant.rank > batched.axis, constant.shape[batched.axis] == 1,
                  (axis < 0 ? axis + constant.rank : axis) != batched.axis else { continue }
            let name = "\(node.node)/batch_expand_\(position)"
            let op = Expand(shape: constant.shape, batchAxes: [batched.axis])
            let tensor = try constant.tensor
            guard case .runtime(let inputs)? = values[input.name] else { return }
            let probes = try inputs.map { probe in
                do { return try op.forward([tensor, probe], mode: .inference)[0] } catch { throw RebatchingFailure("\(name): \(error)") }
            }
            parameters[proto.input[position]] = tensor
            nodes.append(Node(name: name, op: op, inputs: [proto.input[position], input.name], outputs: [name + "_output"]))
            values[name + "_output"] = .runtime(probes: probes)
            rebatching?.layouts[name + "_output"] = batched
            proto.input[position] = name + "_output"
            node.inputs[position] = values[name + "_output"]
        }
    }

    /// After a node ran on the probes: the layout of each output it computed from the image, or a
    /// failure when its items differ from the items run alone.
    mutating func checkBatchLayouts(of outputs: [String]) throws {
        guard let state = rebatching else { return }
        for name in outputs where !name.isEmpty {
            guard case .runtime(let probes)? = values[name] else { continue }
            rebatching?.layouts[name] = try BatchLayout.detect(batched: probes[state.batched], singles: state.singles.map { probes[$0] },
                                                               tensor: name)
        }
    }

    /// Imports the nodes from `start` up to `horizon` (or the end), and returns where it stopped. At a
    /// node with several re-batching choices each is tried on the next `lookahead` nodes, and the
    /// first that goes through them is kept: a wrong guess shows within a few nodes (the weights of
    /// the next MatMul or Gemm refuse its shape, or an item check fails), and keeping one attempt at a
    /// time bounds the memory the search holds. Within `budget` node imports in all.
    @discardableResult
    mutating func importRebatched(from start: Int, horizon: Int? = nil, lookahead: Int = 32, budget: Int,
                                  progress: (Double) throws -> Void) throws -> Int {
        let end = min(horizon ?? graph.node.count, graph.node.count)
        var index = start
        while index < end {
            if let done = rebatching?.nodesImported, done > budget {
                throw RebatchingFailure("no consistent re-batching within \(budget) node imports")
            }
            let choices = try rebatchingChoices(at: index)
            guard choices > 1 else {
                try importNode(at: index)
                try progress(Double(index + 1) / Double(graph.node.count))
                index += 1
                continue
            }
            var firstFailure: (any Error)?
            var kept: (importer: GraphImporter, next: Int)?
            for choice in 0..<choices where kept == nil {
                var attempt = self
                do {
                    try attempt.importNode(at: index, choice: choice)
                    let next = try attempt.importRebatched(from: index + 1, horizon: min(end, index + 1 + lookahead),
                                                           lookahead: lookahead, budget: budget, progress: progress)
                    kept = (attempt, next)
                } catch let error where !(error is RebatchingInterruption) {
                    firstFailure = firstFailure ?? error
                    rebatching?.nodesImported = attempt.rebatching?.nodesImported ?? budget + 1
                }
            }
            guard let kept else { throw firstFailure ?? RebatchingFailure("no choice at node \(index)") }
            (self, index) = kept
        }
        return index
    }
}

/// What `progress` threw during a re-batched import (a cancellation): it ends the import, where any
/// other error only ends an attempt.
struct RebatchingInterruption: Error {
    let error: any Error
}
