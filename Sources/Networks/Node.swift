/// A named operation of the graph and the named tensors it reads and writes.
///
/// An empty input name marks an omitted optional input, as in ONNX.
public struct Node: Sendable {
    public var name: String
    public var op: any Operator
    public var inputs: [String]
    public var outputs: [String]

    public init(name: String, op: any Operator, inputs: [String], outputs: [String]) {
        self.name = name
        self.op = op
        self.inputs = inputs
        self.outputs = outputs
    }

    /// The inputs without omitted trailing optional ones: what the operator receives.
    public var presentInputs: [String] {
        var names = inputs
        while names.last?.isEmpty == true { names.removeLast() }
        return names
    }

    /// The node's first output: the tensor a tap on this node refers to.
    public var output: String { outputs.first ?? name }
}

/// A graph input: its name and shape, where -1 marks a dimension fixed only at run time (the batch).
public struct ValueInfo: Sendable, Equatable, Hashable {
    public var name: String
    public var shape: [Int]

    public init(name: String, shape: [Int]) {
        self.name = name
        self.shape = shape
    }

    func accepts(_ actual: [Int]) -> Bool {
        actual.count == shape.count && zip(actual, shape).allSatisfy { $1 < 0 || $0 == $1 }
    }
}

/// What `Network.layers()` lists for each node.
public struct LayerInfo: Sendable, Equatable {
    public var name: String
    public var type: String
    public var outputShape: [Int]
}
