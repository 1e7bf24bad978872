import Tensor

/// What the fixed-batch import saw of each tensor for each probe item, run one item at a time as
/// the file intends: the tensor's shape and a few sampled elements. The re-batched import checks its
/// batched tensors against these, item by item, so a wrong guess about a baked-in batch is caught
/// at the node where the items first mix or land in the wrong place.
struct ItemReferences {
    struct Reference {
        /// The tensor's shape for one item (the file's fixed batch of 1).
        var shape: [Int]
        /// Flat positions sampled in that shape, and the element there for each item.
        var positions: [Int]
        var values: [[Float]]
        /// The largest magnitude of each item's tensor: the scale of the comparison's tolerance.
        var scales: [Float]
    }

    private(set) var tensors: [String: Reference] = [:]

    static let sampleCount = 48

    /// Records `probes`, one batch-of-one tensor per item.
    mutating func record(_ name: String, probes: [Tensor]) {
        guard let first = probes.first, probes.allSatisfy({ $0.shape == first.shape }) else { return }
        let count = first.count
        let samples = min(count, Self.sampleCount)
        // Evenly spread with a deterministic jitter, so no stride aligns with a channel or a row.
        let positions = (0..<samples).map { index in
            let stride = count / samples
            return index * stride + (index &* 7919) % max(stride, 1)
        }
        tensors[name] = Reference(shape: first.shape, positions: positions,
                                  values: probes.map { probe in positions.map { probe.scalars[$0] } },
                                  scales: probes.map { probe in probe.scalars.reduce(0) { max($0, abs($1)) } })
    }

    subscript(name: String) -> Reference? { tensors[name] }
}
