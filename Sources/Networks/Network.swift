import Tensor

/// A directed acyclic graph of named operations over named tensors, with its parameters.
///
/// Parameters (ONNX initializers) are named tensors like any other; nodes read them as inputs.
/// A network is a value: rules, taps and attribution never change it, and training returns
/// an updated copy of `parameters`.
public struct Network: Sendable {
    public var inputs: [ValueInfo]
    public var outputs: [String]
    /// In an order where every node comes after the nodes that produce its inputs.
    public private(set) var nodes: [Node]
    public var parameters: [String: Tensor]
    /// Free-form facts about the model (training recipe, accuracy, class labels), kept on export.
    public var metadata: [String: String]
    /// The batch size the graph itself fixes (an exported Reshape to a literal [1, -1] that could not
    /// be re-batched), nil when any batch runs. A batch of another size runs in chunks of this one.
    public let fixedBatch: Int?

    public init(inputs: [ValueInfo], outputs: [String], nodes: [Node], parameters: [String: Tensor],
                metadata: [String: String] = [:], fixedBatch: Int? = nil) throws {
        self.inputs = inputs
        self.outputs = outputs
        self.parameters = parameters
        self.metadata = metadata
        self.fixedBatch = fixedBatch
        self.nodes = try Network.sortedTopologically(nodes, available: Set(inputs.map(\.name)).union(parameters.keys))
        let produced = Set(self.nodes.flatMap(\.outputs)).union(inputs.map(\.name)).union(parameters.keys)
        for output in outputs where !produced.contains(output) {
            throw NetworkError.invalidGraph("graph output '\(output)' is produced by no node")
        }
        var names = Set<String>()
        for node in self.nodes {
            guard names.insert(node.name).inserted else {
                throw NetworkError.invalidGraph("two nodes are named '\(node.name)'")
            }
            let given = node.presentInputs.count
            guard !node.presentInputs.contains("") else {
                throw NetworkError.invalidGraph("node '\(node.name)' omits an input before the last one, which \(node.op.type) does not support")
            }
            guard node.op.inputArity.contains(given) else {
                throw NetworkError.invalidGraph(
                    "node '\(node.name)' (\(node.op.type)) takes \(node.op.inputArity) inputs, got \(given)")
            }
        }
    }

    /// Kahn's algorithm, keeping the given order among nodes that are ready together.
    private static func sortedTopologically(_ nodes: [Node], available: Set<String>) throws -> [Node] {
        var ready = available
        var pending = nodes
        var sorted: [Node] = []
        sorted.reserveCapacity(nodes.count)
        while !pending.isEmpty {
            let before = pending.count
            var remaining: [Node] = []
            for node in pending {
                if node.inputs.allSatisfy({ $0.isEmpty || ready.contains($0) }) {
                    sorted.append(node)
                    ready.formUnion(node.outputs)
                } else {
                    remaining.append(node)
                }
            }
            pending = remaining
            if pending.count == before {
                let missing = pending[0].inputs.filter { !$0.isEmpty && !ready.contains($0) }
                throw NetworkError.invalidGraph(
                    "node '\(pending[0].name)' reads \(missing), which no node, input or parameter provides (or the graph has a cycle)")
            }
        }
        return sorted
    }

    /// The node called `name`, or an error listing the valid names.
    public func node(named name: String) throws -> Node {
        guard let node = nodes.first(where: { $0.name == name }) else {
            throw NetworkError.unknownName("no layer '\(name)'; layers are \(nodes.map(\.name).joined(separator: ", "))")
        }
        return node
    }

    /// The tensor name a tap refers to: a node's first output, or a tensor name itself.
    public func valueName(forTap tap: String) throws -> String {
        if let node = nodes.first(where: { $0.name == tap }) { return node.output }
        if nodes.contains(where: { $0.outputs.contains(tap) }) || inputs.contains(where: { $0.name == tap }) { return tap }
        _ = try node(named: tap)
        return tap
    }

    /// The feeds for a single-input network, checked against the declared input shape.
    func feeds(for input: Tensor) throws -> [String: Tensor] {
        guard inputs.count == 1, let declared = inputs.first else {
            throw NetworkError.invalidInput("the network has \(inputs.count) inputs (\(inputs.map(\.name))); pass them by name")
        }
        guard accepts(input.shape, for: declared) else {
            throw NetworkError.invalidInput("input '\(declared.name)' expects shape \(declared.shape), got \(input.shape)")
        }
        return [declared.name: input]
    }

    /// Whether a tensor of `shape` can feed `input`: any batch when the graph fixes one, as it then runs in chunks.
    func accepts(_ shape: [Int], for input: ValueInfo) -> Bool {
        guard fixedBatch != nil, let batch = shape.first, batch > 0 else { return input.accepts(shape) }
        return input.accepts([input.shape.first ?? batch] + shape.dropFirst())
    }
}
