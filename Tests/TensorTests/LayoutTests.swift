import Testing
import Tensor

/// Matrix products, axis permutations, concatenation, slicing, padding and batching.
struct LayoutTests {
    let matrix = try! Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])

    @Test func matmulWithTranspositionAndBatchBroadcast() throws {
        let product = try Tensor.matmul(matrix, matrix, transposingRHS: true)
        #expect(product.scalars == [14, 32, 32, 77])
        let gram = try Tensor.matmul(matrix, matrix, transposingLHS: true)
        #expect(gram.shape == [3, 3])
        #expect(gram.scalars[0] == 17 && gram.scalars[4] == 29)
        let batch = try Tensor(shape: [2, 1, 2], scalars: [1, 0, 0, 1])
        let batched = try Tensor.matmul(batch, matrix)
        #expect(batched.shape == [2, 1, 3])
        #expect(batched.scalars == [1, 2, 3, 4, 5, 6])
        #expect(throws: TensorError.self) { try Tensor.matmul(matrix, matrix) }
    }

    @Test func transposedPermutesAxes() throws {
        let transposed = try matrix.transposed([1, 0])
        #expect(transposed.shape == [3, 2])
        #expect(transposed.scalars == [1, 4, 2, 5, 3, 6])
        let cube = try Tensor(shape: [2, 2, 2], scalars: (0..<8).map(Float.init))
        let permutation = [2, 0, 1]
        let back = try cube.transposed(permutation).transposed(Tensor.inversePermutation(permutation))
        #expect(back == cube)
        #expect(throws: TensorError.self) { try matrix.transposed([0, 0]) }
    }

    @Test func concatenateAndSplitAreInverse() throws {
        let joined = try Tensor.concatenated([matrix, Tensor(shape: [2, 1], repeating: 9)], alongAxis: 1)
        #expect(joined.scalars == [1, 2, 3, 9, 4, 5, 6, 9])
        let pieces = try joined.split(alongAxis: 1, sizes: [3, 1])
        #expect(pieces[0] == matrix)
        #expect(throws: TensorError.self) { try Tensor.concatenated([matrix, Tensor(shape: [3, 1])], alongAxis: 1) }
        #expect(throws: TensorError.self) { try joined.split(alongAxis: 1, sizes: [2, 1]) }
    }

    @Test func slicesWithNegativeIndicesAndSteps() throws {
        let reversed = try matrix.sliced([AxisSlice(axis: 1, start: -1, end: Int.min, step: -1)])
        #expect(reversed.scalars == [3, 2, 1, 6, 5, 4])
        let strided = try matrix.sliced([AxisSlice(axis: 1, start: 0, end: 100, step: 2), AxisSlice(axis: 0, start: 1, end: 2)])
        #expect(strided.scalars == [4, 6])
        let scattered = try Tensor.slicedBackward(strided, inputShape: [2, 3],
                                                  slices: [AxisSlice(axis: 1, start: 0, end: 100, step: 2), AxisSlice(axis: 0, start: 1, end: 2)])
        #expect(scattered.scalars == [0, 0, 0, 4, 0, 6])
    }

    @Test func paddingModes() throws {
        let row = try Tensor(shape: [1, 3], scalars: [1, 2, 3])
        #expect(try row.padded(before: [0, 2], after: [0, 1], value: -1).scalars == [-1, -1, 1, 2, 3, -1])
        #expect(try row.padded(before: [0, 2], after: [0, 2], mode: .reflect).scalars == [3, 2, 1, 2, 3, 2, 1])
        #expect(try row.padded(before: [0, 1], after: [0, 2], mode: .edge).scalars == [1, 1, 2, 3, 3, 3])
        #expect(try row.padded(before: [0, -1], after: [0, 0]).scalars == [2, 3])
        #expect(throws: TensorError.self) { try row.padded(before: [0, 3], after: [0, 0], mode: .reflect) }
    }

    @Test func batchesAndChunks() throws {
        let items = try Tensor(shape: [3, 2], scalars: [1, 2, 3, 4, 5, 6])
        #expect(try items.batch(1..<3).scalars == [3, 4, 5, 6])
        #expect(try items.gatheringBatch([2, 0]).scalars == [5, 6, 1, 2])
        #expect(Tensor.chunks(of: 5, size: 2) == [0..<2, 2..<4, 4..<5])
        #expect(throws: TensorError.self) { try items.batch(2..<4) }
    }

    @Test func reshapeInfersOneDimension() throws {
        #expect(try matrix.reshaped([-1]).shape == [6])
        #expect(try matrix.reshaped([3, -1]).shape == [3, 2])
        #expect(throws: TensorError.self) { try matrix.reshaped([4, -1]) }
    }

    /// Transposes and strided slices, copied a run at a time, against the element-by-element definition on
    /// random shapes (with axes of length 1, which the run merging drops), permutations and steps.
    @Test func transposesAndSlicesMatchTheirElementwiseDefinition() throws {
        var generator = SeededGenerator(seed: 41)
        for _ in 0..<200 {
            let rank = Int.random(in: 1...5, using: &generator)
            let shape = (0..<rank).map { _ in Int.random(in: 1...5, using: &generator) }
            let tensor = Tensor.uniform(shape: shape, generator: &generator)
            let strides = Tensor.strides(of: shape)
            func element(_ index: [Int]) -> Float { tensor.scalars[zip(index, strides).map(*).reduce(0, +)] }
            func indices(of shape: [Int]) -> [[Int]] {
                shape.reduce([[]]) { prefixes, length in prefixes.flatMap { prefix in (0..<length).map { prefix + [$0] } } }
            }

            let permutation = Array(0..<rank).shuffled(using: &generator)
            let transposed = try tensor.transposed(permutation)
            #expect(transposed.scalars == indices(of: transposed.shape).map { index in
                var source = [Int](repeating: 0, count: rank)
                for (position, axis) in permutation.enumerated() { source[axis] = index[position] }
                return element(source)
            })

            let slices = (0..<rank).filter { _ in Bool.random(using: &generator) }.map { axis in
                let step = [-2, -1, 1, 2, 3].randomElement(using: &generator)!
                return AxisSlice(axis: axis, start: Int.random(in: -6...6, using: &generator),
                                 end: Int.random(in: -6...6, using: &generator), step: step)
            }
            var selected = shape.map { Array(0..<$0) }
            for slice in slices { selected[slice.axis] = Self.onnxSliceIndices(slice, length: shape[slice.axis]) }
            let sliced = try tensor.sliced(slices)
            #expect(sliced.shape == selected.map(\.count))
            let picks = indices(of: sliced.shape).map { index in zip(index, selected).map { $1[$0] } }
            #expect(sliced.scalars == picks.map(element))
            let scattered = try Tensor.slicedBackward(sliced, inputShape: shape, slices: slices)
            var expected = Tensor(shape: shape)
            for pick in picks { expected.scalars[zip(pick, strides).map(*).reduce(0, +)] = element(pick) }
            #expect(scattered == expected)
        }
    }

    /// ONNX Slice's selection, as its specification states it: negative bounds count from the end, then
    /// clamp to [0, length] for positive steps and to [-1, length - 1] for negative ones.
    static func onnxSliceIndices(_ slice: AxisSlice, length: Int) -> [Int] {
        let (low, high) = slice.step > 0 ? (0, length) : (-1, length - 1)
        let start = min(max(slice.start < 0 ? slice.start + length : slice.start, low), high)
        let end = min(max(slice.end < 0 ? slice.end + length : slice.end, low), high)
        return Array(stride(from: start, to: end, by: slice.step))
    }
}
