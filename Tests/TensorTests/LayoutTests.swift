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
}
