import Testing
import Tensor

/// `%set threads` must change only how long a computation takes, never its bits.
@Suite(.serialized) struct ComputeThreadsTests {
    @Test func oneThreadGivesTheSameBitsAsAllCores() throws {
        var generator = SeededGenerator(seed: 5)
        let input = Tensor.normal(shape: [4, 8, 33, 31], generator: &generator)
        let weight = Tensor.normal(shape: [16, 8, 3, 3], generator: &generator)
        let window = try Window2D(kernel: [3, 3], strides: [2, 1], padding: [1, 1, 1, 1])

        func run() throws -> [[Float]] {
            let output = try Tensor.convolution2D(input, weight: weight, window: window)
            let inputGradient = try Tensor.convolution2DInputGradient(output, weight: weight, inputShape: input.shape, window: window)
            let weightGradient = try Tensor.convolution2DWeightGradient(input: input, outputGradient: output,
                                                                        weightShape: weight.shape, window: window)
            return [output.scalars, inputGradient.scalars, weightGradient.scalars, try (input * input).scalars]
        }

        let allCores = try run()
        ComputeThreads.use(1)
        defer { ComputeThreads.use(ComputeThreads.available) }
        #expect(ComputeThreads.count == 1)
        #expect(try run() == allCores)
    }

    @Test func threadCountsAreClampedToTheMachine() {
        defer { ComputeThreads.use(ComputeThreads.available) }
        ComputeThreads.use(0)
        #expect(ComputeThreads.count == 1)
        ComputeThreads.use(ComputeThreads.available + 5)
        #expect(ComputeThreads.count == ComputeThreads.available)
    }
}
