import Networks

/// What the importer learnt about a model file besides its network: for `%model info`, kept so
/// that nothing has to read the file again.
public struct ImportSummary: Sendable, Equatable {
    /// The operator sets the model imports, by domain ("ai.onnx" for the default one).
    public var opsets: [String: Int]
    public var producerName: String
    public var producerVersion: String
    /// The external data files the weights were read from, in the order first used.
    public var externalDataFiles: [ExternalDataFile]
    /// The batch size the file declares for its input, nil when the batch is left open.
    public var declaredBatch: Int?

    /// The default domain's opset.
    public var defaultOpset: Int? { opsets["ai.onnx"] }

    init(model: Onnx_ModelProto, externalDataFiles: [ExternalDataFile], declaredBatch: Int?) {
        opsets = model.opsetsByDomain
        producerName = model.producerName
        producerVersion = model.producerVersion
        self.externalDataFiles = externalDataFiles
        self.declaredBatch = declaredBatch
    }
}

/// A network imported from an ONNX file, with what the import learnt about the file.
public struct ImportedModel: Sendable {
    public var network: Network
    public var summary: ImportSummary
}
