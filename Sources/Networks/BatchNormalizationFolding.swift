import Tensor

extension Network {
    /// The same function with every BatchNorm that directly follows a Conv merged into that Conv's
    /// weights and bias (inference statistics), as LRP needs and as inference runs faster.
    ///
    /// A BatchNorm is folded only when its input comes from a Conv read by nothing else and all the
    /// tensors involved are parameters; the Conv keeps its name and takes the BatchNorm's output.
    public func foldingBatchNormalization() throws -> Network {
        var readers: [String: Int] = [:]
        for node in nodes { for input in node.presentInputs { readers[input, default: 0] += 1 } }
        for output in outputs { readers[output, default: 0] += 1 }
        let producers = Dictionary(nodes.flatMap { node in node.outputs.map { ($0, node) } }, uniquingKeysWith: { first, _ in first })
        var parameters = self.parameters
        var replaced: [String: Node] = [:]
        var removed = Set<String>()
        for node in nodes {
            guard let normalization = node.op as? BatchNormalization, let source = node.presentInputs.first,
                  let conv = producers[source], conv.op is Conv, readers[source] == 1,
                  node.presentInputs.dropFirst().allSatisfy({ parameters[$0] != nil }),
                  conv.presentInputs.dropFirst().allSatisfy({ parameters[$0] != nil }),
                  let weight = parameters[conv.presentInputs[1]] else { continue }
            let statistics = try node.presentInputs[1...4].map { name in
                try parameters[name] ?? { throw NetworkError.unknownName(name) }()
            }
            let (scale, shift, mean, variance) = (statistics[0], statistics[1], statistics[2], statistics[3])
            let channels = weight.shape[0], perChannel = weight.count / max(channels, 1)
            guard scale.count == channels else {
                throw NetworkError.invalidGraph("BatchNorm '\(node.name)' has \(scale.count) channels after Conv '\(conv.name)' with \(channels)")
            }
            let factors = (0..<channels).map { scale.scalars[$0] / (variance.scalars[$0] + normalization.epsilon).squareRoot() }
            var foldedWeight = weight
            for index in foldedWeight.scalars.indices { foldedWeight.scalars[index] *= factors[index / perChannel] }
            let bias = conv.presentInputs.count > 2 ? parameters[conv.presentInputs[2]] : nil
            let foldedBias = try Tensor(shape: [channels], scalars: (0..<channels).map { channel in
                ((bias?.scalars[channel] ?? 0) - mean.scalars[channel]) * factors[channel] + shift.scalars[channel]
            })
            let (weightName, biasName) = ("\(conv.name).folded.weight", "\(conv.name).folded.bias")
            parameters[weightName] = foldedWeight
            parameters[biasName] = foldedBias
            replaced[conv.name] = Node(name: conv.name, op: conv.op, inputs: [conv.presentInputs[0], weightName, biasName],
                                       outputs: [node.output])
            removed.insert(node.name)
        }
        let folded = nodes.compactMap { removed.contains($0.name) ? nil : replaced[$0.name] ?? $0 }
        let used = Set(folded.flatMap(\.presentInputs))
        return try Network(inputs: inputs, outputs: outputs, nodes: folded,
                           parameters: parameters.filter { used.contains($0.key) }, metadata: metadata)
    }
}
