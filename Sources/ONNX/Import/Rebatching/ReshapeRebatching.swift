/// The targets a Reshape with a literal shape could mean once the batch it baked in (1) is free.
///
/// An exporter that fixed the batch wrote `[1, 512]` for `x.view(x.size(0), -1)`, and `[17, 16]`
/// for torch attention's `view(tokens * batch, dim)`: where the batch goes in the target is lost
/// with it. Reshape keeps the row-major order, so the batch must land on an output axis whose size
/// splits as `outer × batch × inner` with the same number of elements before and after the batch as
/// in the input. When several axes qualify (sizes of 1 are ambiguous), each is a candidate, in order
/// of likelihood; the re-batched import tries them in turn, and its item checks refute the wrong ones.
enum ReshapeRebatching {
    /// Each candidate target, with -1 on the axis that takes the batch.
    static func targets(input single: [Int], layout: BatchLayout, target: [Int]) -> [[Int]] {
        let before = single[..<layout.axis].reduce(1, *) * layout.outer
        let after = layout.inner * single[(layout.axis + 1)...].reduce(1, *)
        var candidates: [(target: [Int], rank: Int)] = []
        for axis in target.indices {
            let prefix = target[..<axis].reduce(1, *)
            let suffix = target[(axis + 1)...].reduce(1, *)
            guard prefix > 0, suffix > 0, before % prefix == 0, after % suffix == 0 else { continue }
            let (outer, inner) = (before / prefix, after / suffix)
            guard outer * inner == target[axis] else { continue }
            var rebatched = target
            rebatched[axis] = -1
            // Likeliest first: the batch keeps its axis and factors, then alone at the front of an axis.
            let rank = axis == layout.axis && outer == layout.outer ? 0 : outer == 1 ? 1 : 2
            candidates.append((rebatched, rank))
        }
        return candidates.enumerated().sorted { ($0.element.rank, $0.offset) < ($1.element.rank, $1.offset) }.map(\.element.target)
    }
}
