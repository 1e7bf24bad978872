import Foundation
import Testing
import Tensor

struct ElementwiseAndBroadcastingTests {
    @Test func broadcastingFollowsNumPyRules() throws {
        let column = try Tensor(shape: [2, 1], scalars: [10, 20])
        let row = try Tensor(shape: [3], scalars: [1, 2, 3])
        let sum = try column + row
        #expect(sum.shape == [2, 3])
        #expect(sum.scalars == [11, 12, 13, 21, 22, 23])
        #expect(try (row * Tensor(scalar: 2)).scalars == [2, 4, 6])
        #expect(throws: TensorError.self) { try row + Tensor(shape: [2]) }
    }

    @Test func largeElementwiseResultsDoNotDependOnThreading() throws {
        var generator = SeededGenerator(seed: 4)
        let a = Tensor.uniform(shape: [300_000], generator: &generator)
        let b = Tensor.uniform(shape: [300_000], generator: &generator)
        let product = try a * b
        for index in stride(from: 0, to: a.count, by: 9_973) {
            #expect(product.scalars[index] == a.scalars[index] * b.scalars[index])
        }
    }

    @Test func summingDownUndoesBroadcasting() throws {
        let wide = try Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        #expect(try wide.summed(toShape: [3]).scalars == [5, 7, 9])
        #expect(try wide.summed(toShape: [2, 1]).scalars == [6, 15])
        #expect(try wide.summed(toShape: []).scalars == [21])
        #expect(throws: TensorError.self) { try wide.summed(toShape: [2]) }
    }

    /// Every pattern of summed and kept axes, with runs longer than a vector and shorter, against a sum in
    /// Double over each output element's preimage.
    @Test(arguments: [
        ([2, 3, 5, 37], [2, 3, 1, 1]), ([2, 3, 5, 37], [1, 3, 5, 1]), ([2, 3, 5, 37], [3, 1, 37]),
        ([2, 3, 5, 37], [5, 1]), ([4, 1, 19], [1, 1, 1]), ([4, 1, 19], [4, 1, 1]), ([3, 2, 2, 17], [2, 1, 17]),
    ])
    func summingDownMatchesASumOverEachPreimage(shape: [Int], target: [Int]) throws {
        var generator = SeededGenerator(seed: 11)
        let x = Tensor.normal(shape: shape, standardDeviation: 1, generator: &generator)
        let summed = try x.summed(toShape: target)
        #expect(summed.shape == target)
        let padded = [Int](repeating: 1, count: shape.count - target.count) + target
        var expected = [Double](repeating: 0, count: summed.count)
        let (sourceStrides, targetStrides) = (Tensor.strides(of: shape), Tensor.strides(of: padded))
        for flat in 0..<x.count {
            let destination = shape.indices.reduce(0) { offset, axis in
                padded[axis] == 1 ? offset : offset + (flat / sourceStrides[axis] % shape[axis]) * targetStrides[axis]
            }
            expected[destination] += Double(x.scalars[flat])
        }
        for (value, reference) in zip(summed.scalars, expected) {
            #expect(abs(Double(value) - reference) <= 1e-5 * max(1, abs(reference)))
        }
    }

    @Test func reductionsAlongAxes() throws {
        let x = try Tensor(shape: [2, 2, 2], scalars: [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(try x.sum(alongAxes: [1]).scalars == [4, 6, 12, 14])
        #expect(try x.mean(alongAxes: [0, 2], keepingDimensions: false).scalars == [3.5, 5.5])
        #expect(try x.mean(alongAxes: []).scalars == [4.5])
        #expect(x.argmaxAlongLastAxis() == [1, 1, 1, 1])
        #expect(throws: TensorError.self) { try x.sum(alongAxes: [3]) }
    }

    @Test func softmaxIsStableAndNormalized() throws {
        let logits = try Tensor(shape: [2, 3], scalars: [1000, 1001, 1002, 0, 0, 0])
        let probabilities = try logits.softmax()
        let expected: [Float] = [0.09003057, 0.24472847, 0.66524096]
        for column in 0..<3 {
            #expect(abs(probabilities.scalars[column] - expected[column]) < 1e-6)
            #expect(abs(probabilities.scalars[3 + column] - 1.0 / 3) < 1e-6)
        }
        let logProbabilities = try logits.logSoftmax(alongAxis: 1)
        #expect(abs(logProbabilities.scalars[2] - logf(0.66524096)) < 1e-5)
        let columns = try logits.softmax(alongAxis: 0)
        #expect(columns.scalars[0] == 1 && columns.scalars[3] == 0)
    }
}
