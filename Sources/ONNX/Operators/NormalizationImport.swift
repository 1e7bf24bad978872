import Networks

/// BatchNormalization (kept as a node: the engine folds it), LayerNormalization and LRN.
enum NormalizationImport {
    static func batchNormalization(_ node: NodeImport) throws -> ImportedOperator {
        guard node.outputCount == 1 else { throw node.invalid("the training outputs (running mean and variance) are not supported") }
        let op = BatchNormalization(epsilon: try node.attributes.float("epsilon", default: 1e-5),
                                    momentum: try node.attributes.float("momentum", default: 0.9))
        return node.reading(op, upTo: 5)
    }

    static func layerNormalization(_ node: NodeImport) throws -> ImportedOperator {
        guard node.outputCount == 1 else { throw node.invalid("the Mean and InvStdDev outputs are not supported") }
        let op = LayerNormalization(axis: try node.attributes.int("axis", default: -1),
                                    epsilon: try node.attributes.float("epsilon", default: 1e-5))
        return node.reading(op, upTo: 3)
    }

    static func localResponseNormalization(_ node: NodeImport) throws -> ImportedOperator {
        guard let size = try node.attributes.int("size"), size > 0 else { throw node.invalid("LRN needs a positive size") }
        let op = LocalResponseNormalization(size: size, alpha: try node.attributes.float("alpha", default: 1e-4),
                                            beta: try node.attributes.float("beta", default: 0.75),
                                            bias: try node.attributes.float("bias", default: 1))
        return node.reading(op, upTo: 1)
    }
}
