import Tensor

/// What the importer knows about one named tensor of the ONNX graph.
///
/// Exporters compute shapes from the input's batch size at run time (Shape → Gather → Concat →
/// Reshape). The importer evaluates that arithmetic at load time on probe batches of two sizes: a
/// value equal for both is a constant, one that differs depends on the batch and must end in a
/// Reshape or Expand target, where it becomes "copy this dimension", -1 or "the batch".
enum ImportedValue {
    /// Known at load time and the same for every batch: initializers, Constant nodes, folded arithmetic.
    case constant(Constant)
    /// Known at load time for each probe batch, and different between them.
    case batchDependent([Constant])
    /// Computed by the network; `probes` holds its value for each probe input.
    case runtime(probes: [Tensor])

    /// The value for each probe: constants repeat, the others give their own.
    func constants(probeCount: Int) -> [Constant]? {
        switch self {
        case .constant(let constant): Array(repeating: constant, count: probeCount)
        case .batchDependent(let constants): constants
        case .runtime: nil
        }
    }

    /// The shape of the value for each probe.
    func shapes(probeCount: Int) -> [[Int]] {
        switch self {
        case .constant(let constant): Array(repeating: constant.shape, count: probeCount)
        case .batchDependent(let constants): constants.map(\.shape)
        case .runtime(let probes): probes.map(\.shape)
        }
    }

    /// One value per probe, collapsed to a constant when they agree.
    init(probes constants: [Constant]) {
        if let first = constants.first, constants.allSatisfy({ $0 == first }) {
            self = .constant(first)
        } else {
            self = .batchDependent(constants)
        }
    }
}

extension Constant {
    /// The constant as a Float32 tensor, for a parameter or an operator's input.
    var tensor: Tensor {
        get throws { try Tensor(shape: shape, scalars: elements.map { Float($0) }) }
    }

    init(_ tensor: Tensor) {
        self.init(shape: tensor.shape, elements: tensor.scalars.map(Double.init), elementType: .float)
    }
}
