import Networks
import Tensor

/// Walks an ONNX graph in its (topological) node order and builds the engine's network: runtime
/// nodes become engine operators, initializers become parameters, and everything computable at
/// load time — Constant nodes, the exporters' shape arithmetic, layout ops on weights — is folded.
///
/// Every node also runs on probe inputs (see `ImportedValue`), which gives Shape its answers,
/// separates batch-dependent shapes from constant ones, and reports a broken model at load time.
struct GraphImporter {
    let graph: Onnx_GraphProto
    private let opset: Int
    private let opsets: [String: Int]
    private(set) var input: ValueInfo
    private(set) var probeBatches: [Int] = []
    var values: [String: ImportedValue] = [:]
    private var remainingReads: [String: Int] = [:]
    private let graphOutputs: Set<String>
    var nodes: [Node] = []
    private var nodeNames: Set<String> = []
    var parameters: [String: Tensor] = [:]
    private let externalData: ExternalDataFolder
    /// The batch size the file declares for its input, nil when it leaves the batch open.
    let declaredBatch: Int?
    /// When the import re-batches a graph exported with a fixed batch: what it checks and rewrites.
    var rebatching: Rebatching?
    /// The node behind each batch-dependent value, kept in case a runtime node reads the value after all.
    private var producers: [String: (proto: Onnx_NodeProto, node: NodeImport)] = [:]
    /// The batch-dependent values whose producers were added to the network as runtime nodes.
    private var materialized: Set<String> = []

    init(model: Onnx_ModelProto, inputShape: [Int]?, externalData: ExternalDataFolder) throws {
        graph = model.graph
        opset = try model.defaultOpset()
        opsets = model.opsetsByDomain
        try QuantizedOperators.refuseQOperatorModel(graph)
        self.externalData = externalData
        for initializer in graph.initializer {
            values[initializer.name] = .constant(try Constant(initializer, name: initializer.name, externalData: externalData))
        }
        let initializers = Set(graph.initializer.map(\.name))
        let imageInputs = graph.input.filter { !initializers.contains($0.name) }
        guard imageInputs.count == 1, let declared = imageInputs.first else {
            throw ONNXError.unsupportedModel("the graph has \(imageInputs.count) inputs (\(imageInputs.map(\.name))); one image input is supported")
        }
        input = ValueInfo(name: declared.name, shape: try GraphImporter.shape(of: declared, overriddenBy: inputShape))
        declaredBatch = input.shape[0] > 0 ? input.shape[0] : nil
        graphOutputs = Set(graph.output.map(\.name))
        for node in graph.node {
            for name in node.input where !name.isEmpty { remainingReads[name, default: 0] += 1 }
        }
        // Two batch sizes tell batch-dependent shapes from constant ones; without Shape ops none can arise.
        let readsShapes = graph.node.contains { $0.opType == "Shape" || $0.opType == "Size" }
        let batches = input.shape[0] >= 0 ? [input.shape[0]] : readsShapes ? [2, 3] : [1]
        probe(with: batches.map { batch in Tensor(shape: [batch] + input.shape.dropFirst(), repeating: 0.5) })
    }

    /// Runs the import on these probe inputs (each a batch of the input's item shape), with the
    /// input's batch left open when their batch sizes differ.
    mutating func probe(with probes: [Tensor]) {
        probeBatches = probes.map { $0.shape[0] }
        if Set(probeBatches).count > 1 { input.shape[0] = -1 }
        values[input.name] = .runtime(probes: probes)
    }

    /// The declared input shape, -1 for the symbolic batch; other symbolic sizes need `inputShape`,
    /// whose -1 batch leaves a batch the file fixes to the import to re-batch.
    private static func shape(of info: Onnx_ValueInfoProto, overriddenBy override: [Int]?) throws -> [Int] {
        guard info.type.tensorType.hasShape || override != nil else {
            throw ONNXError.unsupportedModel("input '\(info.name)' declares no shape; pass the input shape")
        }
        let declared = info.type.tensorType.shape.dim.map { $0.dimValue > 0 ? Int($0.dimValue) : -1 }
        var shape = override ?? declared
        if let override {
            guard override.count == declared.count,
                  !zip(override, declared).enumerated().contains(where: { $1.1 > 0 && $1.0 != $1.1 && !($0 == 0 && $1.0 == -1) }) else {
                throw ONNXError.unsupportedModel("input '\(info.name)' is declared \(declared), which the given shape \(override) contradicts")
            }
            if override.first == -1, let batch = declared.first, batch > 0 { shape[0] = batch }
        }
        guard !shape.isEmpty, shape.dropFirst().allSatisfy({ $0 > 0 }) else {
            throw ONNXError.unsupportedModel("input '\(info.name)' has shape \(shape) with symbolic sizes beyond the batch; pass the input shape")
        }
        // The probes are allocated at load time: a file declaring a gigantic input must not exhaust memory.
        let (elements, overflow) = shape.reduce((3, false)) { partial, size in
            let product = partial.0.multipliedReportingOverflow(by: max(size, 1))
            return (product.partialValue, partial.1 || product.overflow)
        }
        guard !overflow, elements <= maxProbeElements else {
            throw ONNXError.unsupportedModel("input '\(info.name)' has shape \(shape), more than \(maxProbeElements) elements for a batch of 3")
        }
        return shape
    }

    /// The largest input (elements in a probe batch of 3) the importer accepts: 3 × 3 × 2048 × 2048 images fit.
    static let maxProbeElements = 3 * 3 * 2048 * 2048

    mutating func network(metadata: [String: String], fixedBatch: Int? = nil, progress: (Double) throws -> Void) throws -> Network {
        for index in graph.node.indices {
            try importNode(at: index)
            try progress(Double(index + 1) / Double(graph.node.count))
        }
        return try finished(metadata: metadata, fixedBatch: fixedBatch)
    }

    /// The network of the nodes imported so far, once every node is.
    func finished(metadata: [String: String], fixedBatch: Int?) throws -> Network {
        let outputs = graph.output.map(\.name)
        for output in outputs {
            guard case .runtime = values[output] else {
                throw ONNXError.unsupportedModel("graph output '\(output)' does not depend on the input")
            }
        }
        do {
            let scores = GraphImporter.flatteningSpatialScores(nodes, outputs: outputs, values: values)
            let fused = GraphImporter.fusingSpelledOutOperators(scores, parameters: parameters, outputs: outputs)
            return try Network(inputs: [input], outputs: outputs, nodes: fused.nodes, parameters: fused.parameters, metadata: metadata,
                               fixedBatch: fixedBatch)
        } catch {
            throw ONNXError.unsupportedModel("\(error)")
        }
    }

    /// The node at `index` as the import sees it: its unique name and what is known of its inputs.
    func nodeImport(at index: Int) throws -> NodeImport {
        let proto = graph.node[index]
        var name = proto.name.isEmpty ? "\(proto.opType)_\(index)" : proto.name
        while nodeNames.contains(name) { name += "_\(index)" }
        let domain = proto.domain.isEmpty ? "ai.onnx" : proto.domain
        guard domain == "ai.onnx" else {
            throw ONNXError.unsupportedOperator(type: proto.opType, domain: domain, node: name, opset: opsets[domain] ?? opset)
        }
        let inputs = try proto.input.map { inputName -> ImportedValue? in
            guard !inputName.isEmpty else { return nil }
            guard let value = values[inputName] else {
                throw ONNXError.invalidNode(node: name, type: proto.opType,
                                            message: "reads '\(inputName)', which no initializer, input or earlier node provides")
            }
            return value
        }
        let read = proto.output.lastIndex { !$0.isEmpty && (remainingReads[$0, default: 0] > 0 || graphOutputs.contains($0)) }
        return NodeImport(attributes: NodeAttributes(proto, name: name, externalData: externalData), opset: opset, inputs: inputs,
                          outputCount: proto.output.count, readOutputCount: read.map { $0 + 1 } ?? 0,
                          probeCount: probeBatches.count, probeBatches: probeBatches)
    }

    mutating func importNode(at index: Int, choice: Int = 0) throws {
        var proto = graph.node[index]
        var node = try nodeImport(at: index)
        nodeNames.insert(node.node)
        if rebatching != nil { try rebatch(&node, &proto, choice: choice) }
        let outputs = try folded(node) ?? runtime(node, proto: proto)
        guard outputs.count >= node.readOutputCount else {
            throw node.invalid("produces \(outputs.count) outputs, the model reads \(node.readOutputCount)")
        }
        for (outputName, value) in zip(proto.output, outputs) where !outputName.isEmpty {
            values[outputName] = value
            if case .batchDependent = value { producers[outputName] = (proto, node) }
        }
        for inputName in proto.input where !inputName.isEmpty {
            remainingReads[inputName, default: 1] -= 1
            // The graph input stays: an Expand to the batch may read it from any later node.
            if remainingReads[inputName] == 0, inputName != input.name, !graphOutputs.contains(inputName) {
                values[inputName] = nil
            }
        }
        if rebatching != nil { try checkBatchLayouts(of: proto.output) }
    }

    /// The node's outputs evaluated at load time, or nil when it must run in the network: some
    /// input comes from the image, or the result is image-like data that follows the batch size.
    private func folded(_ node: NodeImport) throws -> [ImportedValue]? {
        let type = node.attributes.type
        if type == "Shape" {
            return [ImportedValue(probes: try node.shapes(0).map { try ShapeArithmetic.shape(of: $0, attributes: node.attributes) })]
        }
        if type == "Size" {
            return [ImportedValue(probes: try node.shapes(0).map { Constant(integers: [$0.reduce(1, *)], shape: []) })]
        }
        let probeInputs = node.inputs.map { $0.map { $0.constants(probeCount: probeBatches.count) } }
        if probeInputs.contains(where: { $0 != nil && $0! == nil }) { return nil }
        let perProbe = try probeBatches.indices.map { probe in
            try evaluate(node, inputs: probeInputs.map { $0.flatMap { $0?[probe] } })
        }
        let outputs = (0..<(perProbe.first?.count ?? 0)).map { output in ImportedValue(probes: perProbe.map { $0[output] }) }
        // Float data whose shape follows the batch (an expanded token, a mask) runs in the network; a
        // float scalar of the shape arithmetic keeps the same shape for every batch and stays folded.
        let followsBatch = outputs.contains {
            if case .batchDependent(let constants) = $0 {
                return constants.first?.elementType == .float && Set(constants.map(\.shape)).count > 1
            }
            return false
        }
        return followsBatch && OperatorTable.builders[type] != nil ? nil : outputs
    }

    /// One node on known inputs: by the shape-arithmetic rules, else by the engine operator itself.
    private func evaluate(_ node: NodeImport, inputs: [Constant?]) throws -> [Constant] {
        if let rule = ShapeArithmetic.rules[node.attributes.type] { return try rule(inputs, node.attributes) }
        var previous: [Tensor] = []
        for step in try build(node).steps {
            let tensors = try step.inputs.map { input -> Tensor in
                switch input {
                case .previous: return previous[0]
                case .node(let index) where index < inputs.count:
                    if let constant = inputs[index] { return try constant.tensor }
                default: break
                }
                throw node.invalid("input \(input) is missing")
            }
            previous = try run(step.op, tensors, node)
        }
        return previous.map(Constant.init)
    }

    private func build(_ node: NodeImport) throws -> ImportedOperator {
        let type = node.attributes.type
        guard let builder = OperatorTable.builders[type] else {
            if ShapeArithmetic.rules[type] != nil {
                throw node.invalid("\(type) is supported on values known when the model loads (shape arithmetic), not on image data")
            }
            throw ONNXError.unsupportedOperator(type: type, domain: "ai.onnx", node: node.node, opset: opset)
        }
        return try builder(node)
    }

    /// The node as engine nodes reading runtime tensors and parameters, run on the probes.
    private mutating func runtime(_ node: NodeImport, proto: Onnx_NodeProto) throws -> [ImportedValue] {
        let steps = try build(node).steps
        var previous: (name: String, probes: [Tensor])?
        var outputs: [[Tensor]] = []
        for (position, step) in steps.enumerated() {
            let isLast = position == steps.count - 1
            var names: [String] = []
            var probeInputs: [[Tensor]] = Array(repeating: [], count: probeBatches.count)
            for input in step.inputs {
                let name: String
                let value: ImportedValue?
                switch input {
                case .graphInput: (name, value) = (self.input.name, values[self.input.name])
                case .node(let index): (name, value) = (proto.input[index], node.inputs[index])
                case .previous: (name, value) = (previous?.name ?? "", previous.map { .runtime(probes: $0.probes) })
                }
                switch value {
                case .runtime(let probes):
                    for probe in probes.indices { probeInputs[probe].append(probes[probe]) }
                case .constant(let constant):
                    let tensor = try parameters[name] ?? constant.tensor
                    parameters[name] = tensor
                    for probe in probeInputs.indices { probeInputs[probe].append(tensor) }
                case .batchDependent(let constants):
                    try materialize(name, for: node)
                    for probe in probeInputs.indices { probeInputs[probe].append(try constants[probe].tensor) }
                case nil:
                    throw node.invalid("input '\(name)' is missing")
                }
                names.append(name)
            }
            let stepName = isLast ? node.node : "\(node.node)/\(step.op.type)_\(position)"
            let stepOutputs = isLast ? proto.output : [stepName + "_output"]
            nodes.append(Node(name: stepName, op: step.op, inputs: names, outputs: stepOutputs))
            outputs = try probeInputs.map { try run(step.op, $0, node) }
            previous = (stepOutputs[0], outputs.map { $0[0] })
        }
        return (0..<(outputs.first?.count ?? 0)).map { output in .runtime(probes: outputs.map { $0[output] }) }
    }

    /// Adds the nodes that compute the batch-dependent value `name` to the network, back to the Shape
    /// that read the input: the value feeds a computation on the image, so it must follow the batch
    /// at run time rather than stay folded.
    private mutating func materialize(_ name: String, for consumer: NodeImport) throws {
        guard !materialized.contains(name) else { return }
        guard let producer = producers[name] else {
            throw consumer.invalid("input '\(name)' changes with the batch size and cannot be computed at run time")
        }
        materialized.formUnion(producer.proto.output)
        _ = try runtime(producer.node, proto: producer.proto)
    }

    private func run(_ op: any Operator, _ inputs: [Tensor], _ node: NodeImport) throws -> [Tensor] {
        do {
            return try op.forward(inputs, mode: .inference)
        } catch {
            throw node.invalid("fails on inputs of shapes \(inputs.map(\.shape)): \(error)")
        }
    }
}

extension Onnx_ModelProto {
    /// The version of each operator set the model imports, by domain ("ai.onnx" for the default one).
    var opsetsByDomain: [String: Int] {
        Dictionary(opsetImport.map { ($0.domain.isEmpty ? "ai.onnx" : $0.domain, Int($0.version)) }, uniquingKeysWith: { first, _ in first })
    }
}
