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
