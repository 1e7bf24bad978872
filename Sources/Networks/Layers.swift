import Tensor

extension Network {
    /// Every node with its type and output shape for one input of the declared shape (batch 1).
    ///
    /// Shapes come from running the network once on zeros, which is exact for every operator
    /// without a shape-inference twin of each one.
    public func layers() throws -> [LayerInfo] {
        let feeds = Dictionary(uniqueKeysWithValues: inputs.map { info in
            (info.name, Tensor(shape: info.shape.map { $0 < 0 ? 1 : $0 }))
        })
        let trace = try run(feeds, mode: .inference, keepingAll: true)
        return try nodes.map { node in
            LayerInfo(name: node.name, type: node.op.type, outputShape: try trace.value(node.output).shape)
        }
    }
}
