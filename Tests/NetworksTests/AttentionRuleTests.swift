import Testing
import Tensor
import Networks

/// AttnLRP's rules (Achtibat et al. 2024) on single operators: where the paper says relevance is
/// conserved, it is; softmax's Taylor rule gives what its formula says.
struct AttentionRuleTests {
    func pass(_ op: any Operator, _ inputs: [Tensor], needs: [Bool]) throws -> OperatorPass {
        OperatorPass(inputs: inputs, outputs: try op.forward(inputs, mode: .inference), needsGradient: needs, mode: .inference)
    }

    @Test func aProductOfTwoActivationsSplitsTheRelevanceInHalves() throws {
        let queries = sample([2, 3, 4], seed: 21), keys = sample([2, 4, 5], seed: 22)
        let product = try pass(MatMul(), [queries, keys], needs: [true, true])
        let incoming = sample(product.outputs[0].shape, seed: 23)
        let shares = try UniformProductRule().backward(MatMul(), pass: product, outputGradients: [incoming])
        let (left, right) = (try #require(shares[0]), try #require(shares[1]))
        #expect(abs(left.sum() - incoming.sum() / 2) < 1e-3 && abs(right.sum() - incoming.sum() / 2) < 1e-3)
        // With a weight (no relevance for it) the same rule is the ε-rule: the input keeps it all.
        let linear = try pass(MatMul(), [queries, keys], needs: [true, false])
        let all = try #require(try UniformProductRule().backward(MatMul(), pass: linear, outputGradients: [incoming])[0])
        #expect(abs(all.sum() - incoming.sum()) < 1e-3)
        #expect(try UniformProductRule().backward(MatMul(), pass: linear, outputGradients: [incoming])[1] == nil)
    }

    @Test func layerNormWithoutBiasConservesRelevance() throws {
        let norm = LayerNormalization()
        let inputs = [sample([3, 6], seed: 24), sample([6], seed: 25, low: 0.5, high: 1.5), Tensor(shape: [6])]
        let layer = try pass(norm, inputs, needs: [true, false, false])
        let incoming = sample([3, 6], seed: 26)
        let relevance = try #require(try LayerNormRule().backward(norm, pass: layer, outputGradients: [incoming])[0])
        for row in 0..<3 {
            let kept = relevance.scalars[(row * 6)..<(row * 6 + 6)].reduce(0, +)
            #expect(abs(kept - incoming.scalars[(row * 6)..<(row * 6 + 6)].reduce(0, +)) < 1e-3)
        }
    }

    /// Instance and group normalization are LayerNorm over other rows: without a bias, each row (an
    /// image's channel, or its group of channels) keeps the relevance that reached it.
    @Test func instanceAndGroupNormalizationWithoutBiasConserveRelevancePerRow() throws {
        let x = sample([2, 4, 3, 3], seed: 27)
        let cases: [(any Operator, Tensor, Int)] = [
            (InstanceNormalization(), sample([4], seed: 28, low: 0.5, high: 1.5), 8),
            (GroupNormalization(groups: 2), sample([4], seed: 29, low: 0.5, high: 1.5), 4),
            (GroupNormalization(groups: 2, scalesPerChannel: false), sample([2], seed: 30, low: 0.5, high: 1.5), 4),
        ]
        for (norm, scale, rows) in cases {
            let layer = try pass(norm, [x, scale, Tensor(shape: scale.shape)], needs: [true, false, false])
            let incoming = sample(x.shape, seed: 31)
            let relevance = try #require(try LayerNormRule().backward(norm, pass: layer, outputGradients: [incoming])[0])
            let length = x.count / rows
            for row in 0..<rows {
                let range = (row * length)..<((row + 1) * length)
                let kept = relevance.scalars[range].reduce(0, +), reached = incoming.scalars[range].reduce(0, +)
                #expect(abs(kept - reached) < 1e-3, "\(norm.type) row \(row): \(kept) of \(reached)")
            }
        }
    }

    @Test func softmaxTakesTheTaylorRuleAtItsInput() throws {
        let scores = try Tensor(shape: [1, 3], scalars: [1, 2, 0.5])
        let softmax = try pass(Softmax(), [scores], needs: [true])
        let s = softmax.outputs[0].scalars
        let incoming = try Tensor(shape: [1, 3], scalars: [0.3, -0.1, 0.2])
        let relevance = try #require(try SoftmaxRule().backward(Softmax(), pass: softmax, outputGradients: [incoming])[0])
        let total: Float = 0.4
        for index in 0..<3 {
            #expect(abs(relevance.scalars[index] - scores.scalars[index] * (incoming.scalars[index] - s[index] * total)) < 1e-6)
        }
    }
}
