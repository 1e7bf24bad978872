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

    /// Clip's bounds are constant inputs from opset 11 on, `min` and `max` attributes before.
    static func clip(_ node: NodeImport) throws -> ImportedOperator {
        let lowest = -Float.greatestFiniteMagnitude, highest = Float.greatestFiniteMagnitude
        guard node.opset >= 11 else {
            let op = Clip(minimum: try node.attributes.float("min", default: lowest), maximum: try node.attributes.float("max", default: highest))
            return node.reading(op, upTo: 1)
        }
        let minimum = try node.scalar(1).map { Float($0) } ?? lowest
        let maximum = try node.scalar(2).map { Float($0) } ?? highest
        return node.reading(Clip(minimum: minimum, maximum: maximum), upTo: 1)
    }

    static func softmax(_ node: NodeImport) throws -> ImportedOperator {
        try normalizedExponential(node) { Softmax(axis: $0) }
    }

    static func logSoftmax(_ node: NodeImport) throws -> ImportedOperator {
        try normalizedExponential(node) { LogSoftmax(axis: $0) }
    }

    /// Softmax or LogSoftmax along `axis` (default -1) from opset 13 on. Before, they normalized the
    /// input coerced to 2-D, over all axes from `axis` (default 1) on together: flattened to
    /// outer × inner, normalized along the last axis and shaped back.
    private static func normalizedExponential(_ node: NodeImport, _ make: (Int) -> any Operator) throws -> ImportedOperator {
        guard node.opset < 13 else { return node.reading(make(try node.attributes.int("axis", default: -1)), upTo: 1) }
        let shape = try node.shapes(0)[0]
        let axis = try node.attributes.int("axis", default: 1)
        let resolved = axis < 0 ? axis + shape.count : axis
        guard (0..<max(shape.count, 1)).contains(resolved) else { throw node.invalid("axis \(axis) is out of range for shape \(shape)") }
        guard resolved < shape.count - 1 else { return node.reading(make(-1), upTo: 1) }
        return node.reading(Flatten(axis: resolved), upTo: 1)
            .followed(by: make(-1))
            .followed(by: Reshape(shape: [-1] + shape.dropFirst()))
    }

    /// The ratio is an attribute before opset 12 and a constant input from then on. Old exporters
    /// name the mask output even when nothing reads it.
    static func dropout(_ node: NodeImport) throws -> ImportedOperator {
        guard node.readOutputCount <= 1 else { throw node.invalid("the mask output of Dropout is not supported") }
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
