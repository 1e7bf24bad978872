import Networks

/// Element-wise operators with attributes or constant inputs, and the pass-throughs of inference.
enum ActivationImport {
    static func leakyRelu(_ node: NodeImport) throws -> ImportedOperator {
        node.reading(LeakyRelu(alpha: try node.attributes.float("alpha", default: 0.01)), upTo: 1)
    }

    static func hardSigmoid(_ node: NodeImport) throws -> ImportedOperator {
        node.reading(HardSigmoid(alpha: try node.attributes.float("alpha", default: 0.2),
                                 beta: try node.attributes.float("beta", default: 0.5)), upTo: 1)
    }

    static func gelu(_ node: NodeImport) throws -> ImportedOperator {
        let approximation = try node.attributes.string("approximate", default: "none")
        guard ["none", "tanh"].contains(approximation) else { throw node.invalid("approximate '\(approximation)' is not none or tanh") }
        return node.reading(Gelu(usesTanhApproximation: approximation == "tanh"), upTo: 1)
    }

    /// Clip's bounds are constant inputs from opset 11 on.
    static func clip(_ node: NodeImport) throws -> ImportedOperator {
        let minimum = try node.scalar(1).map { Float($0) } ?? -.greatestFiniteMagnitude
        let maximum = try node.scalar(2).map { Float($0) } ?? .greatestFiniteMagnitude
        return node.reading(Clip(minimum: minimum, maximum: maximum), upTo: 1)
    }

    /// Before opset 13 Softmax flattened the axes from `axis` on (default 1); that equals a softmax
    /// over one axis only when `axis` is the last one, which is what exporters emit.
    static func softmax(_ node: NodeImport) throws -> ImportedOperator {
        guard node.opset < 13 else { return node.reading(Softmax(axis: try node.attributes.int("axis", default: -1)), upTo: 1) }
        let rank = try node.rank(0)
        let axis = try node.attributes.int("axis", default: 1)
        guard axis == -1 || axis == rank - 1 else {
            throw node.invalid("opset \(node.opset) Softmax over the flattened axes \(axis)… of a rank-\(rank) tensor is not supported")
        }
        return node.reading(Softmax(axis: -1), upTo: 1)
    }

    /// The ratio is an attribute before opset 12 and a constant input from then on.
    static func dropout(_ node: NodeImport) throws -> ImportedOperator {
        guard node.outputCount == 1 else { throw node.invalid("the mask output of Dropout is not supported") }
        let ratio = try node.scalar(1).map { Float($0) } ?? node.attributes.float("ratio", default: 0.5)
        return node.reading(Dropout(ratio: ratio), upTo: 1)
    }

    /// A cast between float types on image data changes nothing in a Float32 engine.
    static func cast(_ node: NodeImport) throws -> ImportedOperator {
        let target = try node.attributes.int("to", default: 1)
        let floats: [Onnx_TensorProto.DataType] = [.float, .double, .float16, .bfloat16]
        guard let type = Onnx_TensorProto.DataType(rawValue: target), floats.contains(type) else {
            throw node.invalid("a cast of image data to element type \(target) is not supported")
        }
        return node.reading(Identity(), upTo: 1)
    }
}
