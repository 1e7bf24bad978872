/// Elements of a tensor's storage seen through an offset and one stride per axis: a transpose, a
/// strided slice or both. Transposes, slices and their backwards all copy between such a view and a
/// contiguous tensor, a run at a time, instead of computing every element's index.
struct StridedView {
    var shape: [Int]
    var strides: [Int]
    var offset: Int

    var count: Int { shape.reduce(1, *) }

    /// The same elements in the same order with fewer axes: axes of length 1 dropped, and each axis
    /// merged into the next where stepping it once equals running through the next.
    func simplified() -> StridedView {
        var shape: [Int] = []
        var strides: [Int] = []
        for (length, stride) in zip(self.shape, self.strides) where length != 1 {
            if let last = shape.indices.last, strides[last] == stride * length {
                shape[last] *= length
                strides[last] = stride
            } else {
                shape.append(length)
                strides.append(stride)
            }
        }
        return StridedView(shape: shape.isEmpty ? [1] : shape, strides: strides.isEmpty ? [1] : strides, offset: offset)
    }

    /// Calls `body(viewOffset, contiguousOffset, length, stride)` for each run along the innermost
    /// axis, in row-major order of the view.
    func forEachRun(_ body: (_ viewOffset: Int, _ contiguousOffset: Int, _ length: Int, _ stride: Int) -> Void) {
        let view = simplified()
        let rank = view.shape.count
        let length = view.shape[rank - 1], stride = view.strides[rank - 1]
        let runs = view.count / max(length, 1)
        guard length > 0 else { return }
        var index = [Int](repeating: 0, count: rank)
        var viewOffset = view.offset
        for run in 0..<runs {
            body(viewOffset, run * length, length, stride)
            var axis = rank - 2
            while axis >= 0 {
                index[axis] += 1
                viewOffset += view.strides[axis]
                if index[axis] < view.shape[axis] { break }
                viewOffset -= view.strides[axis] * view.shape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
    }

    /// The view's elements of `source`, contiguous, in a tensor of the view's shape.
    func gathered(from source: [Float], shape resultShape: [Int]) -> Tensor {
        var result = Tensor(shape: resultShape)
        guard count > 0 else { return result }
        source.withUnsafeBufferPointer { source in
            result.scalars.withUnsafeMutableBufferPointer { out in
                forEachRun { from, to, length, stride in
                    if stride == 1 {
                        (out.baseAddress! + to).update(from: source.baseAddress! + from, count: length)
                    } else {
                        for element in 0..<length { out[to + element] = source[from + element * stride] }
                    }
                }
            }
        }
        return result
    }

    /// `values` (contiguous, in the view's order) added into the view's elements of `target`.
    func scatterAdd(_ values: [Float], into target: inout [Float]) {
        guard count > 0 else { return }
        values.withUnsafeBufferPointer { values in
            target.withUnsafeMutableBufferPointer { out in
                forEachRun { to, from, length, stride in
                    for element in 0..<length { out[to + element * stride] += values[from + element] }
                }
            }
        }
    }
}
