import Networks
import Tensor

/// The imported nodes seen as a graph, for recognising what an exporter spelled out in small
/// operators (LayerNorm, GELU) and putting the engine's one operator in its place, so that the rules
/// written for that operator (AttnLRP's LayerNorm rule, the identity rule on GELU) apply.
///
/// A pattern matches only when its intermediate tensors are read by the pattern alone and are no
/// graph output, so that replacing it changes nothing else.
struct FusionGraph {
    private(set) var nodes: [Node?]
    let parameters: [String: Tensor]
    private let outputs: Set<String>
    private var producers: [String: Int] = [:]
    private var readers: [String: [Int]] = [:]
    private var replacedInputs: Set<String> = []

    init(nodes: [Node], parameters: [String: Tensor], outputs: [String]) {
        self.nodes = nodes
        self.parameters = parameters
        self.outputs = Set(outputs)
        index()
    }

    /// Which node writes and which nodes read each tensor.
    private mutating func index() {
        (producers, readers) = ([:], [:])
        for (position, node) in nodes.enumerated() {
            guard let node else { continue }
            for output in node.outputs { producers[output] = position }
            for input in node.presentInputs { readers[input, default: []].append(position) }
        }
    }

    /// The node that writes `tensor`, with its position.
    func producer(of tensor: String) -> (index: Int, node: Node)? {
        guard let index = producers[tensor], let node = nodes[index] else { return nil }
        return (index, node)
    }

    /// The single node that reads `tensor`, when exactly one does.
    func onlyReader(of tensor: String) -> (index: Int, node: Node)? {
        guard let positions = readers[tensor], positions.count == 1, let node = nodes[positions[0]] else { return nil }
        return (positions[0], node)
    }

    /// The nodes that read `tensor`.
    func readers(of tensor: String) -> [(index: Int, node: Node)] {
        (readers[tensor] ?? []).compactMap { index in nodes[index].map { (index, $0) } }
    }

    /// The value of a one-element parameter.
    func scalar(_ tensor: String) -> Float? {
        guard let value = parameters[tensor], value.count == 1 else { return nil }
        return value.scalars[0]
    }

    /// For a two-input node, the input that is not `tensor` (either order), when the other is `tensor`.
    func partner(of tensor: String, in node: Node) -> String? {
        let inputs = node.presentInputs
        guard inputs.count == 2 else { return nil }
        if inputs[0] == tensor { return inputs[1] }
        if inputs[1] == tensor { return inputs[0] }
        return nil
    }

    /// Replaces the nodes at `matched` by `node`, if every tensor they write other than the node's
    /// output is read by them alone and is no graph output.
    mutating func replace(_ matched: Set<Int>, with node: Node) -> Bool {
        let kept = Set(node.outputs)
        for index in matched {
            guard let matchedNode = nodes[index] else { return false }
            for output in matchedNode.outputs where !kept.contains(output) {
                guard !outputs.contains(output), (readers[output] ?? []).allSatisfy(matched.contains) else { return false }
            }
        }
        for index in matched {
            replacedInputs.formUnion(nodes[index]?.presentInputs ?? [])
            nodes[index] = nil
        }
        nodes[matched.max()!] = node
        index()
        return true
    }

    /// The parameters still read, without those only the replaced nodes read (ε, the exponent 2, ½).
    var readParameters: [String: Tensor] {
        let read = Set(nodes.compactMap { $0 }.flatMap(\.presentInputs))
        return parameters.filter { read.contains($0.key) || !replacedInputs.contains($0.key) }
    }

    /// A name for a fused node: the exporter's module path of the pattern's last node with the
    /// operator's type, as a newer exporter names it, unless a node has that name already.
    func name(for type: String, replacing last: Node) -> String {
        let path = last.name.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        let candidate = path.isEmpty ? last.name : "\(path)/\(type)"
        return nodes.contains { $0?.name == candidate } ? last.name : candidate
    }
}

extension GraphImporter {
    /// The nodes with every spelled-out LayerNorm and GELU replaced by the engine's operator, and the
    /// parameters the replaced nodes alone read dropped.
    static func fusingSpelledOutOperators(_ nodes: [Node], parameters: [String: Tensor],
                                          outputs: [String]) -> (nodes: [Node], parameters: [String: Tensor]) {
        var graph = FusionGraph(nodes: nodes, parameters: parameters, outputs: outputs)
        LayerNormalizationFusion.fuse(&graph)
        GeluFusion.fuse(&graph)
        return (graph.nodes.compactMap { $0 }, graph.readParameters)
    }
}
