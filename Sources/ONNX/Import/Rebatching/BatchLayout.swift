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

    /// The layout under which the batched probe holds, item by item, what each single-item probe
    /// computed; nil when the tensor carries no batch and all of them agree. Throws when no layout
    /// explains the probes: the items mixed, or landed elsewhere than a lone item does.
    static func detect(batched: Tensor, singles: [Tensor], tensor name: String) throws -> BatchLayout? {
        guard let single = singles.first?.shape, singles.allSatisfy({ $0.shape == single }), batched.rank == single.count else {
            throw RebatchingFailure("tensor '\(name)' has shape \(batched.shape) batched but \(singles.map(\.shape)) for single items")
        }
        let differing = single.indices.filter { batched.shape[$0] != single[$0] }
        let candidates: [BatchLayout?]
        switch differing.count {
        case 0:
            candidates = [nil]
        case 1 where batched.shape[differing[0]] == single[differing[0]] * singles.count:
            let (axis, size) = (differing[0], single[differing[0]])
            candidates = (1...max(size, 1)).filter { size % $0 == 0 }.map { BatchLayout(axis: axis, outer: $0, inner: max(size / $0, 1)) }
        default:
            throw RebatchingFailure("tensor '\(name)' has shape \(batched.shape) for \(singles.count) items but \(single) for one")
        }
        for candidate in candidates where matches(candidate, batched, singles) { return candidate }
        throw RebatchingFailure("tensor '\(name)' mixes the items of a batch: no item of it equals the item run alone")
    }

    /// Whether `batched` holds each of `singles` at the places `layout` gives, compared at a few
    /// dozen places spread over the tensor within a thousandth of its largest magnitude.
    private static func matches(_ layout: BatchLayout?, _ batched: Tensor, _ singles: [Tensor]) -> Bool {
        let count = singles[0].count
        let samples = min(count, 48)
        // Evenly spread with a deterministic jitter, so no stride aligns with a channel or a row.
        let positions = (0..<samples).map { index in index * (count / samples) + (index &* 7919) % max(count / samples, 1) }
        for (item, single) in singles.enumerated() {
            let tolerance = 1e-3 * single.scalars.reduce(0) { max($0, abs($1)) } + 1e-6
            for position in positions {
                let place = layout?.position(of: position, item: item, single: single.shape, batched: batched.shape,
                                             batch: singles.count) ?? position
                let (actual, expected) = (batched.scalars[place], single.scalars[position])
                guard abs(actual - expected) <= tolerance || (actual.isNaN && expected.isNaN) || actual == expected else { return false }
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
