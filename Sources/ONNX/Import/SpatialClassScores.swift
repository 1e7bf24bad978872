import Networks

extension GraphImporter {
    /// A classifier whose last layer is a convolution (SqueezeNet, the Model Zoo's old exports) gives its
    /// scores as N×C×1×1. Everything downstream — targets, predictions, attribution seeds — reads classes on
    /// axis 1 of an N×C matrix, so such an output is flattened once here instead of at every reader.
    static func flatteningSpatialScores(_ nodes: [Node], outputs: [String], values: [String: ImportedValue]) -> [Node] {
        var nodes = nodes
        for output in outputs {
            guard case .runtime(let probes) = values[output],
                  probes.allSatisfy({ $0.rank > 2 && $0.shape.dropFirst(2).allSatisfy { $0 == 1 } }) else { continue }
            let spatial = output + "/spatial"
            for index in nodes.indices {
                nodes[index].inputs = nodes[index].inputs.map { $0 == output ? spatial : $0 }
                nodes[index].outputs = nodes[index].outputs.map { $0 == output ? spatial : $0 }
            }
            nodes.append(Node(name: output + "/Flatten", op: Flatten(axis: 1), inputs: [spatial], outputs: [output]))
        }
        return nodes
    }
}
