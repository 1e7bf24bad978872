import Networks

/// BatchNormalization (kept as a node: the engine folds it), LayerNormalization and LRN.
enum NormalizationImport {
    /// Opsets 7 and 8 have `spatial`: 0 normalizes every activation with its own statistics (scale,
    /// bias, mean and variance C×H×W), which is a per-channel normalization of the input flattened
    /// to N × CHW. Opset 6's `is_test` and `consumed_inputs` are gone by opset 7 and ignored.
    static func batchNormalization(_ node: NodeImport) throws -> ImportedOperator {
        guard node.readOutputCount <= 1 else { throw node.invalid("the training outputs (running mean and variance) are not supported") }
        let op = BatchNormalization(epsilon: try node.attributes.float("epsilon", default: 1e-5),
                                    momentum: try node.attributes.float("momentum", default: 0.9))
        guard node.opset < 9, try node.attributes.int("spatial", default: 1) == 0 else { return node.reading(op, upTo: 5) }
        let shape = try node.shapes(0)[0]
        return node.reading(Flatten(axis: 1), upTo: 1)
            .followed(by: op, reading: (1...4).map(ImportedOperator.Input.node))
            .followed(by: Reshape(shape: [-1] + shape.dropFirst()))
    }

    static func layerNormalization(_ node: NodeImport) throws -> ImportedOperator {
        guard node.readOutputCount <= 1 else { throw node.invalid("the Mean and InvStdDev outputs are not supported") }
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
