import Tensor

/// Where a batch sits in a tensor of a re-batched graph: along `axis`, as the middle factor of that
/// axis's size `outer × batch × inner` (the batch alone on its axis has outer = inner = 1; torch's
/// multi-head attention folds it into axes like `tokens × batch` or `batch × heads`).
struct BatchLayout: Equatable {
    var axis: Int
    var outer: Int
    var inner: Int

    /// The flat position in a tensor of batch `batch` (shape `batched`) of element `position` of
    /// item `item`, whose own tensor has shape `single`.
    func position(of position: Int, item: Int, single: [Int], batched: [Int], batch: Int) -> Int {
        var rest = position
        var index = Array(repeating: 0, count: single.count)
        for axis in single.indices.reversed() {
            index[axis] = rest % single[axis]
            rest /= single[axis]
        }
        let along = index[axis]
        index[axis] = (along / inner) * (batch * inner) + item * inner + along % inner
        return index.indices.reduce(0) { $0 * batched[$1] + index[$1] }
    }

    /// The layout under which every probe (a batch of items `probeItems[p]`) holds, item by item, what
    /// the fixed import saw for that item; nil when the tensor carries no batch and agrees with it
    /// for every item. Throws when no layout explains the probes: the items mixed.
    static func detect(_ probes: [Tensor], items probeItems: [[Int]], reference: ItemReferences.Reference,
                       tensor name: String) throws -> BatchLayout? {
        let single = reference.shape
        guard probes.allSatisfy({ $0.rank == single.count }) else {
            throw RebatchingFailure("tensor '\(name)' has rank \(probes.map(\.rank)) batched, \(single.count) for one item")
        }
        let differing = single.indices.filter { axis in probes.contains { $0.shape[axis] != single[axis] } }
        guard differing.count <= 1 else {
            throw RebatchingFailure("tensor '\(name)' changes along several axes with the batch: \(probes.map(\.shape)) for \(single)")
        }
        let candidates: [BatchLayout?]
        if let axis = differing.first {
            guard zip(probes, probeItems).allSatisfy({ $0.shape[axis] == single[axis] * $1.count }) else {
                throw RebatchingFailure("tensor '\(name)' has shapes \(probes.map(\.shape)) for batches \(probeItems.map(\.count)), not multiples of \(single)")
            }
            let size = single[axis]
            candidates = size == 0 ? [BatchLayout(axis: axis, outer: 1, inner: 1)]
                : (1...size).filter { size % $0 == 0 }.map { BatchLayout(axis: axis, outer: $0, inner: size / $0) }
        } else {
            candidates = [nil]
        }
        for candidate in candidates where matches(candidate, probes, probeItems, reference) { return candidate }
        throw RebatchingFailure("tensor '\(name)' mixes the items of a batch: no item of it equals the item run alone")
    }

    private static func matches(_ layout: BatchLayout?, _ probes: [Tensor], _ probeItems: [[Int]],
                                _ reference: ItemReferences.Reference) -> Bool {
        for (probe, items) in zip(probes, probeItems) {
            for (slot, item) in items.enumerated() {
                let tolerance = 1e-3 * reference.scales[item] + 1e-6
                for (sample, position) in reference.positions.enumerated() {
                    let batched = layout?.position(of: position, item: slot, single: reference.shape, batched: probe.shape,
                                                   batch: items.count) ?? position
                    let (actual, expected) = (probe.scalars[batched], reference.values[item][sample])
                    guard abs(actual - expected) <= tolerance || (actual.isNaN && expected.isNaN) || actual == expected else { return false }
                }
            }
        }
        return true
    }
}

/// Why a graph could not be re-batched; the import then keeps the file's fixed batch.
struct RebatchingFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
