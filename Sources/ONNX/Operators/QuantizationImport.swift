import Networks

/// QDQ quantization: DequantizeLinear of constant int8/uint8 weights folds at load time (the
/// generic folding runs the engine operator on them); a QuantizeLinear → DequantizeLinear pair on
/// activations runs as a fake quantization, with onnxruntime's rounding and a straight-through
/// gradient. QOperator models, whose operators compute on integers, are refused up front.
enum QuantizationImport {
    static func quantizeLinear(_ node: NodeImport) throws -> ImportedOperator {
        try refuseBlocks(node)
        let op = QuantizeLinear(axis: try node.attributes.int("axis", default: 1), range: try integerRange(node))
        return node.reading(op, upTo: 3)
    }

    static func dequantizeLinear(_ node: NodeImport) throws -> ImportedOperator {
        try refuseBlocks(node)
        return node.reading(DequantizeLinear(axis: try node.attributes.int("axis", default: 1)), upTo: 3)
    }

    /// Opset 21's blocked quantization (one scale per block of `block_size` elements along the axis).
    private static func refuseBlocks(_ node: NodeImport) throws {
        let blockSize = try node.attributes.int("block_size", default: 0)
        guard blockSize == 0 else { throw node.invalid("blocked quantization (block_size \(blockSize)) is not supported") }
    }

    /// The values of the integer type QuantizeLinear produces: the zero point's type, else opset 21's
    /// `output_dtype`, else uint8.
    private static func integerRange(_ node: NodeImport) throws -> ClosedRange<Float> {
        let declared = try node.constant(2)?.dataType ?? node.attributes.int("output_dtype").flatMap(Onnx_TensorProto.DataType.init)
        switch declared ?? .uint8 {
        case .uint8: return 0...255
        case .int8: return -128...127
        case .uint16: return 0...65535
        case .int16: return -32768...32767
        case .uint4: return 0...15
        case .int4: return -8...7
        case let other: throw node.invalid("quantization to \(other) is not supported (8-, 16- and 4-bit integers are)")
        }
    }
}

/// Operators of QOperator-format quantization (onnxruntime.quantization's QuantFormat.QOperator and
/// dynamic quantization), which compute on integers: no float graph to explain behind them.
enum QuantizedOperators {
    static let integerOperators: Set<String> = ["ConvInteger", "MatMulInteger", "MatMulIntegerToFloat", "DynamicQuantizeLinear",
                                                "DynamicQuantizeMatMul", "QGemm", "QAttention", "QEmbedLayerNormalization"]

    static func refuseQOperatorModel(_ graph: Onnx_GraphProto) throws {
        let found = Set(graph.node.map(\.opType).filter { $0.hasPrefix("QLinear") || integerOperators.contains($0) }).sorted()
        guard found.isEmpty else {
            throw ONNXError.unsupportedModel("this file is QOperator-quantized: its graph computes on integers with \(found.joined(separator: ", ")). "
                + "Quantize in the QDQ format instead (onnxruntime.quantization with quant_format=QuantFormat.QDQ: "
                + "QuantizeLinear/DequantizeLinear around float operators), or load the float model")
        }
    }
}
