import Networks

/// How each supported ONNX operator becomes an engine operator. Operators with attributes to
/// translate live in their own files; the ones that map as they are, here.
enum OperatorTable {
    typealias Builder = @Sendable (NodeImport) throws -> ImportedOperator

    static let builders: [String: Builder] = unary.merging(binary) { first, _ in first }.merging(translated) { first, _ in first }

    /// One input, no attributes.
    private static let unary: [String: Builder] = [
        "Relu": { $0.reading(Relu(), upTo: 1) },
        "Sigmoid": { $0.reading(Sigmoid(), upTo: 1) },
        "Tanh": { $0.reading(Tanh(), upTo: 1) },
        "Erf": { $0.reading(Erf(), upTo: 1) },
        "HardSwish": { $0.reading(HardSwish(), upTo: 1) },
        "Sqrt": { $0.reading(Sqrt(), upTo: 1) },
        "Identity": { $0.reading(Identity(), upTo: 1) },
        "GlobalAveragePool": { $0.reading(GlobalAveragePool(), upTo: 1) },
        "GlobalMaxPool": { $0.reading(GlobalMaxPool(), upTo: 1) },
    ]

    /// Two inputs with NumPy broadcasting.
    private static let binary: [String: Builder] = [
        "Add": { $0.reading(Add(), upTo: 2) },
        "Sub": { $0.reading(Sub(), upTo: 2) },
        "Mul": { $0.reading(Mul(), upTo: 2) },
        "Div": { $0.reading(Div(), upTo: 2) },
        "Pow": { $0.reading(Pow(), upTo: 2) },
        "PRelu": { $0.reading(PRelu(), upTo: 2) },
        "MatMul": { $0.reading(MatMul(), upTo: 2) },
    ]

    private static let translated: [String: Builder] = [
        "Conv": ConvolutionImport.conv,
        "ConvTranspose": ConvolutionImport.convTranspose,
        "MaxPool": PoolingImport.maxPool,
        "AveragePool": PoolingImport.averagePool,
        "BatchNormalization": NormalizationImport.batchNormalization,
        "LayerNormalization": NormalizationImport.layerNormalization,
        "LRN": NormalizationImport.localResponseNormalization,
        "Gemm": GemmImport.gemm,
        "LeakyRelu": ActivationImport.leakyRelu,
        "HardSigmoid": ActivationImport.hardSigmoid,
        "Gelu": ActivationImport.gelu,
        "Clip": ActivationImport.clip,
        "Softmax": ActivationImport.softmax,
        "LogSoftmax": ActivationImport.logSoftmax,
        "Dropout": ActivationImport.dropout,
        "Cast": ActivationImport.cast,
        "Concat": LayoutImport.concat,
        "Flatten": LayoutImport.flatten,
        "Transpose": LayoutImport.transpose,
        "Squeeze": LayoutImport.squeeze,
        "Unsqueeze": LayoutImport.unsqueeze,
        "Reshape": ReshapeImport.reshape,
        "Expand": ReshapeImport.expand,
        "Slice": SelectionImport.slice,
        "Gather": SelectionImport.gather,
        "Split": SelectionImport.split,
        "Pad": SelectionImport.pad,
        "ReduceMean": SelectionImport.reduceMean,
        "QuantizeLinear": QuantizationImport.quantizeLinear,
        "DequantizeLinear": QuantizationImport.dequantizeLinear,
    ]
}
