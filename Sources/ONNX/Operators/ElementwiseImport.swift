import Networks

/// The element-wise operators of the newer exporters that carry attributes: ELU's family, Swish,
/// ThresholdedRelu, IsInf and Mod.
enum ElementwiseImport {
    static func elu(_ node: NodeImport) throws -> ImportedOperator {
        node.reading(Elu(alpha: try node.attributes.float("alpha", default: 1)), upTo: 1)
    }

    static func selu(_ node: NodeImport) throws -> ImportedOperator {
        let defaults = Selu()
        return node.reading(Selu(alpha: try node.attributes.float("alpha", default: defaults.alpha),
                                 gamma: try node.attributes.float("gamma", default: defaults.gamma)), upTo: 1)
    }

    static func celu(_ node: NodeImport) throws -> ImportedOperator {
        let alpha = try node.attributes.float("alpha", default: 1)
        guard alpha != 0 else { throw node.invalid("alpha must not be 0") }
        return node.reading(Celu(alpha: alpha), upTo: 1)
    }

    static func thresholdedRelu(_ node: NodeImport) throws -> ImportedOperator {
        node.reading(ThresholdedRelu(alpha: try node.attributes.float("alpha", default: 1)), upTo: 1)
    }

    static func swish(_ node: NodeImport) throws -> ImportedOperator {
        node.reading(Swish(alpha: try node.attributes.float("alpha", default: 1)), upTo: 1)
    }

    static func isInf(_ node: NodeImport) throws -> ImportedOperator {
        let op = IsInf(detectsNegative: try node.attributes.int("detect_negative", default: 1) != 0,
                       detectsPositive: try node.attributes.int("detect_positive", default: 1) != 0)
        return node.reading(op, upTo: 1)
    }

    static func mod(_ node: NodeImport) throws -> ImportedOperator {
        node.reading(Mod(truncates: try node.attributes.int("fmod", default: 0) != 0), upTo: 2)
    }
}
