import Testing
import Tensor
import Networks

/// Every operator's backward against finite differences, for the input and for the weights.
struct OperatorGradientTests {
    let check = GradientCheck()

    @Test func convolutionWithStrideDilationAsymmetricPaddingAndGroups() throws {
        let conv = Conv(attributes: WindowAttributes(strides: [2, 1], dilations: [1, 2], padding: [1, 0, 0, 2]), groups: 2)
        try check.verify(conv, [sample([2, 4, 5, 6], seed: 1), sample([6, 2, 3, 2], seed: 2), sample([6], seed: 3)])
    }

    @Test func depthwiseConvolutionWithSamePadding() throws {
        let conv = Conv(attributes: WindowAttributes(strides: [2, 2], automaticPadding: .sameUpper), groups: 3)
        try check.verify(conv, [sample([1, 3, 5, 5], seed: 4), sample([3, 1, 3, 3], seed: 5)])
    }

    @Test func pointwiseConvolution() throws {
        try check.verify(Conv(), [sample([2, 3, 2, 3], seed: 6), sample([4, 3, 1, 1], seed: 7), sample([4], seed: 8)])
    }

    @Test func transposedConvolutionWithOutputPadding() throws {
        let op = ConvTranspose(attributes: WindowAttributes(strides: [2, 2], padding: [1, 0, 1, 1]), outputPadding: [1, 0])
        let inputs = [sample([1, 2, 3, 3], seed: 9), sample([2, 3, 3, 2], seed: 10), sample([3], seed: 11)]
        try check.verify(op, inputs)
        // Output height: 2·(3−1) + 1 + 3 − 1 − 1 = 6; width: 2·(3−1) + 2 − 0 − 1 = 5.
        #expect(try op.forward(inputs, mode: .inference)[0].shape == [1, 3, 6, 5])
    }

    @Test func batchNormalizationInInferenceAndTraining() throws {
        let inputs = [sample([3, 2, 2, 2], seed: 12), sample([2], seed: 13), sample([2], seed: 14),
                      sample([2], seed: 15), sample([2], seed: 16, low: 0.5, high: 1.5)]
        try check.verify(BatchNormalization(), inputs, checked: [0, 1, 2])
        try check.verify(BatchNormalization(), inputs, checked: [0, 1, 2], mode: .training(seed: 1))
    }

    @Test func activations() throws {
        let x = sample([2, 3, 4], seed: 17, low: -4, high: 4, avoiding: [-3, -0.5, 0, 0.5, 3])
        let activations: [any Operator] = [
            Relu(), LeakyRelu(alpha: 0.1), Sigmoid(), Tanh(), Clip(minimum: -0.5, maximum: 0.5),
            HardSigmoid(), HardSwish(), Erf(), Gelu(), Gelu(usesTanhApproximation: true), Identity(),
        ]
        for op in activations { try check.verify(op, [x]) }
        try check.verify(Sqrt(), [sample([5], seed: 18, low: 0.5, high: 2)])
    }

    @Test func broadcastingArithmetic() throws {
        let (a, b) = (sample([2, 3, 4], seed: 19), sample([3, 1], seed: 20, low: 0.5, high: 1.5))
        for op in [Add(), Sub(), Mul(), Div()] as [any Operator] { try check.verify(op, [a, b]) }
        try check.verify(Pow(), [sample([2, 3], seed: 21, low: 0.5, high: 2), sample([3], seed: 22)])
        try check.verify(PRelu(), [sample([2, 3, 2, 2], seed: 23, avoiding: [0]), sample([3, 1, 1], seed: 24)])
    }

    @Test func softmaxAndLogSoftmax() throws {
        try check.verify(Softmax(axis: 1), [sample([2, 5, 3], seed: 25, low: -3, high: 3)])
        try check.verify(LogSoftmax(), [sample([3, 4], seed: 26, low: -3, high: 3)])
    }

    @Test func pooling() throws {
        // A permutation of distinct values, so no window has a tie.
        var generator = SeededGenerator(seed: 27)
        let distinct = try Tensor(shape: [1, 2, 5, 5], scalars: (0..<50).map { Float($0) / 10 }.shuffled(using: &generator))
        try check.verify(MaxPool(kernel: [3, 3], attributes: WindowAttributes(strides: [2, 2], padding: [1, 1, 1, 1])), [distinct])
        try check.verify(MaxPool(kernel: [2, 2], attributes: WindowAttributes(strides: [2, 2], ceilMode: true)), [distinct])
        let x = sample([2, 2, 5, 4], seed: 28)
        for countsPadding in [false, true] {
            let pool = AveragePool(kernel: [3, 2], attributes: WindowAttributes(strides: [2, 1], padding: [1, 0, 1, 1]),
                                   countsPadding: countsPadding)
            try check.verify(pool, [x])
        }
        try check.verify(GlobalAveragePool(), [x])
        try check.verify(GlobalMaxPool(), [distinct])
    }

    @Test func gemmInEveryTransposition() throws {
        for (transposesA, transposesB) in [(false, false), (true, false), (false, true), (true, true)] {
            let a = sample(transposesA ? [4, 3] : [3, 4], seed: 29)
            let b = sample(transposesB ? [5, 4] : [4, 5], seed: 30)
            let op = Gemm(alpha: 0.5, beta: 2, transposesA: transposesA, transposesB: transposesB)
            try check.verify(op, [a, b, sample([5], seed: 31)])
        }
    }

    @Test func batchedMatMulWithBroadcastAndVectors() throws {
        try check.verify(MatMul(), [sample([2, 1, 3, 4], seed: 32), sample([3, 4, 2], seed: 33)])
        try check.verify(MatMul(), [sample([4], seed: 34), sample([2, 4, 3], seed: 35)])
        try check.verify(MatMul(), [sample([3, 4], seed: 36), sample([4], seed: 37)])
    }

    @Test func shapeOperators() throws {
        let x = sample([2, 3, 1, 4], seed: 38)
        let ops: [any Operator] = [
            Flatten(axis: 2), Reshape(shape: [0, -1, 2]), Squeeze(axes: [2]), Unsqueeze(axes: [0, -1]),
            Transpose(permutation: [3, 0, 2, 1]), Transpose(),
            Slice(slices: [AxisSlice(axis: 1, start: -1, end: -10, step: -2), AxisSlice(axis: 3, start: 1, end: 3)]),
            Pad(pads: [0, 1, 0, 2, 1, 0, 0, 1]), Pad(pads: [0, 0, 0, 2, 0, 2, 0, 3], mode: .reflect),
            Pad(pads: [1, 0, 0, 1, 0, 1, 0, 0], mode: .edge),
            ReduceMean(axes: [1, 3]), ReduceMean(axes: [-1], keepsDimensions: false),
        ]
        for op in ops { try check.verify(op, [x]) }
    }

    @Test func concatAndSplit() throws {
        try check.verify(Concat(axis: 1), [sample([2, 1, 3], seed: 39), sample([2, 4, 3], seed: 40)])
        try check.verify(Split(axis: -1, sizes: [1, 3], outputCount: 2), [sample([2, 4], seed: 41)])
        try check.verify(Split(axis: 0, outputCount: 2), [sample([5, 2], seed: 42)])
    }

    @Test func layerNormalization() throws {
        try check.verify(LayerNormalization(axis: -1), [sample([2, 3, 4], seed: 43), sample([4], seed: 44), sample([4], seed: 45)])
        try check.verify(LayerNormalization(axis: 1), [sample([2, 2, 3], seed: 46), sample([2, 3], seed: 47)])
    }

    @Test func localResponseNormalization() throws {
        try check.verify(LocalResponseNormalization(size: 3, alpha: 0.5, beta: 0.75, bias: 1), [sample([2, 5, 2, 2], seed: 48)])
        try check.verify(LocalResponseNormalization(size: 2, alpha: 0.3), [sample([1, 4, 1, 3], seed: 49)])
    }

    @Test func dropoutIsIdentityInInferenceAndAFixedMaskInTraining() throws {
        let x = sample([4, 8], seed: 50)
        try check.verify(Dropout(ratio: 0.5), [x], mode: .training(seed: 3))
        #expect(try Dropout(ratio: 0.5).forward([x], mode: .inference)[0] == x)
        let dropped = try Dropout(ratio: 0.5).forward([x], mode: .training(seed: 3))[0]
        let zeros = dropped.scalars.filter { $0 == 0 }.count
        #expect(zeros > 4 && zeros < 28)
        #expect(dropped.scalars.allSatisfy { $0 == 0 || x.scalars.contains($0 / 2) })
    }
}
