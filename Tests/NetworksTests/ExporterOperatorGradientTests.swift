import Networks
import Tensor
import Testing

/// Finite-difference checks and known answers for the operators of today's exporters (issue 23).
@Suite struct ExporterOperatorGradientTests {
    let check = GradientCheck()

    @Test func smoothElementwiseOperators() throws {
        let x = sample([2, 3, 4], seed: 80, low: -3, high: 3, avoiding: [0, 1])
        let operators: [any Operator] = [
            Neg(), Abs(), Exp(), Sin(), Cos(), Softplus(), Softsign(), Elu(alpha: 0.7), Selu(), Celu(alpha: 1.5), Mish(),
            Swish(), Swish(alpha: 1.7), ThresholdedRelu(alpha: 1),
        ]
        for op in operators { try check.verify(op, [x]) }
        let positive = sample([2, 5], seed: 81, low: 0.5, high: 3)
        try check.verify(Log(), [positive])
        try check.verify(Reciprocal(), [positive])
    }

    @Test func piecewiseConstantOperatorsHaveZeroGradients() throws {
        let x = sample([3, 4], seed: 82, low: -3, high: 3, avoiding: stride(from: -3, through: 3, by: 0.5).map { $0 }, margin: 0.1)
        for op in [Floor(), Ceil(), Round(), Sign(), Not(), IsNaN(), IsInf()] as [any Operator] {
            try check.verify(op, [x])
        }
        let values = try Tensor(shape: [6], scalars: [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5])
        #expect(try Round().forward([values], mode: .inference)[0].scalars == [-2, -2, -0, 0, 2, 2])
        #expect(try Floor().forward([values], mode: .inference)[0].scalars == [-3, -2, -1, 0, 1, 2])
        #expect(try Ceil().forward([values], mode: .inference)[0].scalars == [-2, -1, -0, 1, 2, 3])
        let special = try Tensor(shape: [4], scalars: [.infinity, -.infinity, .nan, 1])
        #expect(try IsInf(detectsNegative: false).forward([special], mode: .inference)[0].scalars == [1, 0, 0, 0])
        #expect(try IsNaN().forward([special], mode: .inference)[0].scalars == [0, 0, 1, 0])
    }

    @Test func modFollowsTheDivisorOrTheDividend() throws {
        let a = try Tensor(shape: [4], scalars: [7, -7, 7, -7])
        let b = try Tensor(shape: [4], scalars: [3, 3, -3, -3])
        #expect(try Mod().forward([a, b], mode: .inference)[0].scalars == [1, 2, -2, -1])
        #expect(try Mod(truncates: true).forward([a, b], mode: .inference)[0].scalars == [1, -1, 1, -1])
        let x = sample([2, 3], seed: 83, low: 0.3, high: 5, avoiding: [1, 2, 3, 4], margin: 0.1)
        let divisor = sample([3], seed: 84, low: 1.1, high: 1.4)
        for op in [Mod(), Mod(truncates: true)] { try check.verify(op, [x, divisor], checked: [0]) }
    }

    @Test func predicatesGiveZeroOrOneAndNoGradient() throws {
        let a = try Tensor(shape: [2, 3], scalars: [0, 1, 2, 3, 4, 5])
        let b = try Tensor(shape: [3], scalars: [1, 1, 4])
        let expected: [(any Operator, [Float])] = [
            (Equal(), [0, 1, 0, 0, 0, 0]), (Less(), [1, 0, 1, 0, 0, 0]), (LessOrEqual(), [1, 1, 1, 0, 0, 0]),
            (Greater(), [0, 0, 0, 1, 1, 1]), (GreaterOrEqual(), [0, 1, 0, 1, 1, 1]),
            (And(), [0, 1, 1, 1, 1, 1]), (Or(), [1, 1, 1, 1, 1, 1]), (Xor(), [1, 0, 0, 0, 0, 0]),
        ]
        for (op, values) in expected {
            #expect(try op.forward([a, b], mode: .inference)[0].scalars == values, "\(op.type)")
            try check.verify(op, [sample([2, 3], seed: 121), sample([3], seed: 122)])
        }
    }

    @Test func variadicOperatorsBroadcastAndSplitTies() throws {
        let inputs = [sample([2, 3, 4], seed: 85), sample([3, 1], seed: 86), sample([4], seed: 87)]
        for op in [Max(), Min(), Sum(), Mean()] as [any Operator] { try check.verify(op, inputs) }
        // Ties split evenly between the inputs that reach the maximum, as PyTorch's maximum halves them.
        let (a, b) = (try Tensor(shape: [3], scalars: [1, 2, 3]), try Tensor(shape: [3], scalars: [1, 5, 0]))
        let y = try Max().forward([a, b], mode: .inference)[0]
        let gradients = try Max().backward(OperatorPass(inputs: [a, b], outputs: [y], needsGradient: [true, true], mode: .inference),
                                           outputGradients: [Tensor(shape: [3], repeating: 1)])
        #expect(gradients[0]?.scalars == [0.5, 0, 1])
        #expect(gradients[1]?.scalars == [0.5, 1, 0])
    }

    @Test func whereRoutesEachGradientToItsSource() throws {
        let condition = try Tensor(shape: [3, 1], scalars: [1, 0, 1])
        let (x, y) = (sample([3, 4], seed: 88), sample([4], seed: 89))
        try check.verify(Where(), [condition, x, y], checked: [1, 2])
        let output = try Where().forward([condition, x, y], mode: .inference)[0]
        #expect(Array(output.scalars[4..<8]) == y.scalars)
        #expect(Array(output.scalars[0..<4]) == Array(x.scalars[0..<4]))
    }

    @Test func reductionsOverAxesWithAndWithoutKeptDimensions() throws {
        // Distinct values 0.07 apart, so that no finite difference crosses a tie of ReduceMax or ReduceMin.
        var generator = SeededGenerator(seed: 90)
        let x = try Tensor(shape: [2, 3, 4], scalars: (0..<24).map { 0.2 + 0.07 * Float($0) }.shuffled(using: &generator))
        for (axes, keeps) in [([1], true), ([0, 2], false), ([], true), ([-1], false)] {
            let operators: [any Operator] = [
                ReduceSum(axes: axes, keepsDimensions: keeps), ReduceMax(axes: axes, keepsDimensions: keeps),
                ReduceMin(axes: axes, keepsDimensions: keeps), ReduceL1(axes: axes, keepsDimensions: keeps),
                ReduceL2(axes: axes, keepsDimensions: keeps), ReduceSumSquare(axes: axes, keepsDimensions: keeps),
                ReduceProd(axes: axes, keepsDimensions: keeps), ReduceLogSumExp(axes: axes, keepsDimensions: keeps),
            ]
            for op in operators { try check.verify(op, [x]) }
        }
        #expect(try ReduceSum(axes: [0, 2], keepsDimensions: false).forward([x], mode: .inference)[0].shape == [3])
        #expect(try ReduceMax(axes: [1]).forward([x], mode: .inference)[0].shape == [2, 1, 4])
    }

    @Test func reductionGradientsAtTiesAndZeros() throws {
        // ReduceMax shares the gradient between tied maxima, as PyTorch's amax does.
        let tied = try Tensor(shape: [1, 4], scalars: [3, 1, 3, 2])
        let pass = OperatorPass(inputs: [tied], outputs: try ReduceMax(axes: [1]).forward([tied], mode: .inference),
                                needsGradient: [true], mode: .inference)
        #expect(try ReduceMax(axes: [1]).backward(pass, outputGradients: [Tensor(shape: [1, 1], repeating: 1)])[0]?.scalars
                == [0.5, 0, 0.5, 0])
        // ReduceProd with one zero gives that zero the product of the others, and the others nothing.
        let withZero = try Tensor(shape: [4], scalars: [2, 0, 3, -1])
        let product = ReduceProd()
        let productPass = OperatorPass(inputs: [withZero], outputs: try product.forward([withZero], mode: .inference),
                                       needsGradient: [true], mode: .inference)
        #expect(try product.backward(productPass, outputGradients: [Tensor(shape: [1], repeating: 1)])[0]?.scalars == [0, -6, 0, 0])
        let twoZeros = try Tensor(shape: [3], scalars: [0, 5, 0])
        let twoZerosPass = OperatorPass(inputs: [twoZeros], outputs: try product.forward([twoZeros], mode: .inference),
                                        needsGradient: [true], mode: .inference)
        #expect(try product.backward(twoZerosPass, outputGradients: [Tensor(shape: [1], repeating: 1)])[0]?.scalars == [0, 0, 0])
    }

    @Test func argMaxAndArgMinPickTheFirstOrLastWinner() throws {
        let x = try Tensor(shape: [2, 3], scalars: [1, 4, 4, 2, 0, 0])
        #expect(try ArgMax(axis: 1).forward([x], mode: .inference)[0].scalars == [1, 0])
        #expect(try ArgMax(axis: 1, selectsLastIndex: true).forward([x], mode: .inference)[0].scalars == [2, 0])
        #expect(try ArgMin(axis: 1, keepsDimensions: false, selectsLastIndex: true).forward([x], mode: .inference)[0] ==
                Tensor(shape: [2], scalars: [0, 2]))
        #expect(try ArgMax(axis: 0).forward([x], mode: .inference)[0].shape == [1, 3])
    }

    @Test func tileDepthToSpaceAndSpaceToDepth() throws {
        try check.verify(Tile(repeats: [2, 1, 3]), [sample([2, 3, 2], seed: 91)])
        let x = try Tensor(shape: [1, 2], scalars: [1, 2])
        #expect(try Tile(repeats: [2, 2]).forward([x], mode: .inference)[0].scalars == [1, 2, 1, 2, 1, 2, 1, 2])
        let image = sample([2, 8, 2, 3], seed: 92)
        for op in [DepthToSpace(blockSize: 2), DepthToSpace(blockSize: 2, order: .columnRowDepth)] as [any Operator] {
            try check.verify(op, [image])
            #expect(try op.forward([image], mode: .inference)[0].shape == [2, 2, 4, 6])
        }
        let space = sample([1, 2, 4, 6], seed: 93)
        try check.verify(SpaceToDepth(blockSize: 2), [space])
        // SpaceToDepth undoes DepthToSpace in DCR order.
        let depth = try SpaceToDepth(blockSize: 2).forward([space], mode: .inference)[0]
        #expect(try DepthToSpace(blockSize: 2).forward([depth], mode: .inference)[0] == space)
    }

    @Test func runningSumsAndTriangles() throws {
        let x = sample([2, 4, 3], seed: 94)
        for (exclusive, reverse) in [(false, false), (true, false), (false, true), (true, true)] {
            try check.verify(CumSum(axis: 1, exclusive: exclusive, reverse: reverse), [x])
        }
        let row = try Tensor(shape: [4], scalars: [1, 2, 3, 4])
        #expect(try CumSum(axis: 0, exclusive: true, reverse: true).forward([row], mode: .inference)[0].scalars == [9, 7, 4, 0])
        for (upper, diagonal) in [(true, 0), (false, 1), (true, -1)] {
            try check.verify(Trilu(upper: upper, diagonal: diagonal), [sample([2, 3, 4], seed: 95)])
        }
        let ones = Tensor(shape: [3, 3], repeating: 1)
        #expect(try Trilu(upper: false).forward([ones], mode: .inference)[0].scalars == [1, 0, 0, 1, 1, 0, 1, 1, 1])
        #expect(try Hardmax(axis: 1).forward([try Tensor(shape: [2, 3], scalars: [1, 3, 3, 0, -1, -2])], mode: .inference)[0].scalars
                == [0, 1, 0, 1, 0, 0])
    }

    @Test func normalizationsOverInstancesAndGroups() throws {
        let x = sample([2, 4, 3, 2], seed: 96, low: -2, high: 2)
        try check.verify(InstanceNormalization(), [x, sample([4], seed: 97), sample([4], seed: 98)])
        try check.verify(GroupNormalization(groups: 2), [x, sample([4], seed: 99), sample([4], seed: 100)])
        try check.verify(GroupNormalization(groups: 2, scalesPerChannel: false), [x, sample([2], seed: 101), sample([2], seed: 102)])
        // Group normalization with one channel per group is instance normalization.
        let (scale, bias) = (sample([4], seed: 103), sample([4], seed: 104))
        let grouped = try GroupNormalization(groups: 4).forward([x, scale, bias], mode: .inference)[0]
        let instance = try InstanceNormalization().forward([x, scale, bias], mode: .inference)[0]
        #expect(grouped.maximumAbsoluteDifference(to: instance) < 1e-6)
        #expect(throws: (any Error).self) { try GroupNormalization(groups: 3).forward([x, scale, bias], mode: .inference) }
    }

    @Test func einsumForAttentionTransposesAndReductions() throws {
        let (q, k) = (sample([2, 2, 3, 4], seed: 105), sample([2, 2, 5, 4], seed: 106))
        let scores = try Einsum(equation: "bhid,bhjd->bhij")
        try check.verify(scores, [q, k])
        let expected = try Tensor.matmul(q, k, transposingRHS: true)
        #expect(try scores.forward([q, k], mode: .inference)[0].maximumAbsoluteDifference(to: expected) < 1e-6)
        let (weights, v) = (sample([2, 2, 3, 5], seed: 107), sample([2, 2, 5, 4], seed: 108))
        try check.verify(try Einsum(equation: "bhij,bhjd->bhid"), [weights, v])
        try check.verify(try Einsum(equation: "ij->ji"), [sample([3, 4], seed: 109)])
        try check.verify(try Einsum(equation: "...ij,jk"), [sample([2, 3, 4], seed: 110), sample([4, 2], seed: 111)])
        try check.verify(try Einsum(equation: "bi,bj,bk->bijk"), [sample([2, 3], seed: 112), sample([2, 2], seed: 113), sample([2, 2], seed: 114)])
        try check.verify(try Einsum(equation: "abc->b"), [sample([2, 3, 2], seed: 115)])
        try check.verify(try Einsum(equation: "nchw,kc->nkhw"), [sample([2, 3, 2, 2], seed: 116), sample([4, 3], seed: 117)])
        #expect(throws: TensorError.self) { try Einsum(equation: "ii->i") }
        #expect(throws: TensorError.self) { try Einsum(equation: "ij,jk->ik").forward([sample([2, 3], seed: 1), sample([4, 2], seed: 2)], mode: .inference) }
    }

    /// A transformer's tokens times a weight run as one product over every row of the stack; the
    /// result and the gradients are those of the product per matrix of the stack.
    @Test func matmulOfAStackByOneMatrix() throws {
        let (tokens, weight) = (sample([3, 2, 4, 5], seed: 127), sample([5, 6], seed: 128))
        let stacked = try Tensor.matmul(tokens, weight.reshaped([1, 1, 5, 6]))
        #expect(try Tensor.matmul(tokens, weight).maximumAbsoluteDifference(to: stacked) < 1e-6)
        #expect(try Tensor.matmul(tokens, sample([6, 5], seed: 129), transposingRHS: true).shape == [3, 2, 4, 6])
        try check.verify(MatMul(), [tokens, weight])
    }

    @Test func runtimeShapeOperators() throws {
        let x = Tensor(shape: [3, 4, 5])
        #expect(try ShapeOf().forward([x], mode: .inference)[0].scalars == [3, 4, 5])
        #expect(try ShapeOf(start: 1, end: -1).forward([x], mode: .inference)[0].scalars == [4])
        #expect(try SizeOf().forward([x], mode: .inference)[0].scalars == [60])
        let shape = try Tensor(shape: [2], scalars: [2, 3])
        #expect(try ConstantOfShape(value: 7).forward([shape], mode: .inference)[0] == Tensor(shape: [2, 3], repeating: 7))
        #expect(throws: TensorError.self) { try ConstantOfShape().forward([try Tensor(shape: [1], scalars: [-1])], mode: .inference) }
        let bounds = [Tensor(scalar: 1), Tensor(scalar: 8), Tensor(scalar: 3)]
        #expect(try Range().forward(bounds, mode: .inference)[0].scalars == [1, 4, 7])
        #expect(try Range().forward([Tensor(scalar: 5), Tensor(scalar: 1), Tensor(scalar: -2)], mode: .inference)[0].scalars == [5, 3])
        let data = sample([4, 3], seed: 118)
        let indices = try Tensor(shape: [2, 2], scalars: [3, 0, -1, 1])
        try check.verify(Gather(axis: 0), [data, indices], checked: [0])
        #expect(try Gather(axis: 0).forward([data, indices], mode: .inference)[0] ==
                Gather(axis: 0, indices: [3, 0, -1, 1], indicesShape: [2, 2]).forward([data], mode: .inference)[0])
        let target = try Tensor(shape: [3], scalars: [6, 2, 3])
        try check.verify(ExpandToShape(), [sample([6, 1, 3], seed: 119), target], checked: [0])
        #expect(try ExpandToShape().forward([sample([6, 1, 3], seed: 119), target], mode: .inference)[0].shape == [6, 2, 3])
        let rows = try Tensor(shape: [2], scalars: [2, -1])
        try check.verify(ReshapeToShape(), [sample([6, 1, 3], seed: 126), rows], checked: [0])
        #expect(try ReshapeToShape().forward([sample([6, 1, 3], seed: 126), rows], mode: .inference)[0].shape == [2, 9])
    }

    @Test func scatterOverwritesOrAddsBlocks() throws {
        let (data, updates) = (sample([3, 2, 2], seed: 123), sample([2, 2, 2], seed: 124))
        for reduction in [ScatterND.Reduction.none, .add] {
            try check.verify(ScatterND(indices: [2, 0], indicesShape: [2, 1], reduction: reduction), [data, updates])
        }
        // Two writes to one block: the last one wins, and only it gets the gradient.
        let twice = ScatterND(indices: [1, 1], indicesShape: [2, 1])
        let output = try twice.forward([data, updates], mode: .inference)[0]
        #expect(Array(output.scalars[4..<8]) == Array(updates.scalars[4..<8]))
        try check.verify(twice, [data, updates])
        let element = ScatterND(indices: [0, 1, 2, 0], indicesShape: [2, 2])
        try check.verify(element, [data, sample([2, 2], seed: 125)])
    }
}

/// Resize in every mode and coordinate mapping against finite differences, and the known answers of
/// its simplest cases; onnxruntime's values for the rest are in the ONNX fixture tests.
@Suite struct ResizeGradientTests {
    let check = GradientCheck()

    @Test func everyModeAndMappingHasTheGradientOfALinearMap() throws {
        let x = sample([1, 2, 4, 5], seed: 120)
        let modes: [Resize.Mode] = [.nearest(.roundPreferFloor), .nearest(.floor), .linear,
                                    .cubic(coefficient: -0.75, excludesOutside: false), .cubic(coefficient: -0.5, excludesOutside: true)]
        let mappings: [Resize.CoordinateTransformation] = [.halfPixel, .pytorchHalfPixel, .alignCorners, .asymmetric,
                                                           .tfCropAndResize(roi: [0, 0, 0.1, 0.2, 1, 1, 0.9, 0.7])]
        for mode in modes {
            for mapping in mappings {
                for target in [Resize.Target.scales([1, 1, 1.5, 0.6]), .sizes([nil, nil, 7, 9])] {
                    try check.verify(Resize(mode: mode, transformation: mapping, target: target, extrapolationValue: 0.5), [x])
                }
            }
        }
    }

    @Test func nearestDoublingRepeatsEachPixel() throws {
        let x = try Tensor(shape: [1, 1, 2, 2], scalars: [1, 2, 3, 4])
        let y = try Resize(mode: .nearest(.floor), transformation: .asymmetric, target: .scales([1, 1, 2, 2]))
            .forward([x], mode: .inference)[0]
        #expect(y.scalars == [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4])
        let linear = try Resize(mode: .linear, transformation: .alignCorners, target: .sizes([nil, nil, 1, 3]))
            .forward([try Tensor(shape: [1, 1, 1, 2], scalars: [0, 4])], mode: .inference)[0]
        #expect(linear.scalars == [0, 2, 4])
    }

    @Test func keepAspectRatioPoliciesChooseOneScale() throws {
        let x = Tensor(shape: [1, 1, 4, 8])
        let notLarger = Resize(mode: .linear, target: .sizes([nil, nil, 8, 8]), aspectRatioPolicy: .notLarger, policyAxes: [2, 3])
        #expect(try notLarger.forward([x], mode: .inference)[0].shape == [1, 1, 4, 8])
        let notSmaller = Resize(mode: .linear, target: .sizes([nil, nil, 8, 8]), aspectRatioPolicy: .notSmaller, policyAxes: [2, 3])
        #expect(try notSmaller.forward([x], mode: .inference)[0].shape == [1, 1, 8, 16])
    }
}
