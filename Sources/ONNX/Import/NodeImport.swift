import Networks

/// One ONNX node as an operator builder sees it: attributes, opset, and what is known of each input.
struct NodeImport {
    let attributes: NodeAttributes
    let opset: Int
    var inputs: [ImportedValue?]
    let outputCount: Int
    /// How many outputs matter: up to the last one a later node or the graph reads. Exporters of
    /// old opsets name optional outputs nobody uses (Dropout's mask, BatchNormalization's statistics).
    let readOutputCount: Int
    let probeCount: Int
    /// The batch size of each probe input.
    let probeBatches: [Int]

    var node: String { attributes.node }

    /// How many inputs the node gives, without omitted trailing ones.
    var presentInputCount: Int {
        (inputs.lastIndex { $0 != nil }).map { $0 + 1 } ?? 0
    }

    /// The operator reading the node's data inputs in order, at most `limit` of them.
    func reading(_ op: any Operator, upTo limit: Int) -> ImportedOperator {
        ImportedOperator(op, readingFirst: min(presentInputCount, limit))
    }

    func invalid(_ message: String) -> ONNXError { attributes.invalid(message) }

    /// Input `index` when it is a load-time constant (a shape, axes, bounds), nil when omitted.
    func constant(_ index: Int) throws -> Constant? {
        guard index < inputs.count, let input = inputs[index] else { return nil }
        switch input {
        case .constant(let constant): return constant
        case .batchDependent: throw invalid("input \(index) depends on the batch size, which this operator cannot follow")
        case .runtime: throw invalid("input \(index) must be known when the model loads, but is computed from the image")
        }
    }

    /// Input `index` as integers, or the `attribute` of older opsets, or nil when neither is given.
    func integers(input index: Int, orAttribute attribute: String) throws -> [Int]? {
        if let constant = try constant(index) { return constant.integers }
        return try attributes.ints(attribute)
    }

    /// Input `index` as one number, nil when omitted.
    func scalar(_ index: Int) throws -> Double? {
        guard let constant = try constant(index) else { return nil }
        guard constant.elements.count == 1 else { throw invalid("input \(index) should be a single number, has shape \(constant.shape)") }
        return constant.elements[0]
    }

    /// The value of input `index` for each probe batch (constant or batch-dependent).
    func probeConstants(_ index: Int) throws -> [Constant] {
        guard index < inputs.count, let input = inputs[index], let constants = input.constants(probeCount: probeCount) else {
            throw invalid("input \(index) must be known when the model loads")
        }
        return constants
    }

    /// The shapes of input `index` for each probe.
    func shapes(_ index: Int) throws -> [[Int]] {
        guard index < inputs.count, let input = inputs[index] else { throw invalid("input \(index) is missing") }
        return input.shapes(probeCount: probeCount)
    }

    /// The rank of input `index` (the same for every probe).
    func rank(_ index: Int) throws -> Int {
        try shapes(index).first?.count ?? 0
    }

    /// Refuses an output that would exceed the importer's probe budget, before it is allocated: pads and
    /// target shapes come from the file, and a hostile one would exhaust memory at load time.
    func checkProbeOutputs(_ shapes: [[Int]]) throws {
        for shape in shapes {
            let (elements, overflow) = shape.reduce((1, false)) { partial, size in
                let product = partial.0.multipliedReportingOverflow(by: max(size, 0))
                return (product.partialValue, partial.1 || product.overflow)
            }
            guard shape.allSatisfy({ $0 >= 0 }), !overflow, elements <= GraphImporter.maxProbeElements else {
                throw invalid("its output would have shape \(shape); at most \(GraphImporter.maxProbeElements) elements are supported")
            }
        }
    }
}

/// An engine operator made from one node, and which node inputs it reads, in its own order; an
/// old operator version that the engine spells in several steps continues with `then`.
struct ImportedOperator {
    enum Input: Equatable {
        /// The node's input at this position.
        case node(Int)
        /// The graph's input, for operators that need the batch size at run time.
        case graphInput
        /// The first output of the step before, in a `then` step.
        case previous
    }

    var op: any Operator
    var inputs: [Input]
    /// Further steps, in order, each reading `.previous` (and node inputs); the last one gives the
    /// node's outputs and its name, the earlier ones are named after it.
    var then: [ImportedOperator] = []

    init(_ op: any Operator, inputs: [Input]) {
        self.op = op
        self.inputs = inputs
    }

    /// An operator reading the node's first `count` inputs in order (those present).
    init(_ op: any Operator, readingFirst count: Int) {
        self.init(op, inputs: (0..<count).map(Input.node))
    }

    /// This operator followed by `next`, which reads this one's output and then `inputs`.
    func followed(by next: any Operator, reading inputs: [Input] = []) -> ImportedOperator {
        var chained = self
        chained.then.append(ImportedOperator(next, inputs: [.previous] + inputs))
        return chained
    }

    /// Every step in order, this one first.
    var steps: [ImportedOperator] {
        var first = self
        first.then = []
        return [first] + then
    }
}
