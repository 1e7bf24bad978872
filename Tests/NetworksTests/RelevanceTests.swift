import Testing
import Tensor
import Networks

/// LRP properties that hold exactly on bias-free networks, and the composites' rule assignment.
struct RelevanceTests {
    let input = sample([2, 3, 8, 8], seed: 11)
    let seed = SmallNetworks.oneHot(1, rows: 2, classes: 4)

    /// Σ of each row's input relevance.
    func totals(_ relevance: Tensor) -> [Float] {
        let perRow = relevance.count / relevance.shape[0]
        return (0..<relevance.shape[0]).map { row in relevance.scalars[(row * perRow)..<((row + 1) * perRow)].reduce(0, +) }
    }

    @Test func foldingBatchNormalizationKeepsTheFunction() throws {
        let network = try SmallNetworks.residualCNN()
        let folded = try network.foldingBatchNormalization()
        #expect(folded.nodes.count == network.nodes.count - 1)
        #expect(!folded.nodes.contains { $0.op.type == "BatchNormalization" })
        #expect(try folded.forward(input).maximumAbsoluteDifference(to: network.forward(input)) < 1e-5)
    }

    @Test func lrpZeroEqualsGradientTimesInputOnBiasFreeReLUNetworks() throws {
        let network = try SmallNetworks.residualCNN(withBias: false).foldingBatchNormalization()
        var rules: [String: any BackwardRule] = ["Conv": EpsilonRule(epsilon: 0), "Gemm": EpsilonRule(epsilon: 0)]
        for type in ["Relu"] { rules[type] = PassRule() }
        for type in ["Add", "GlobalAveragePool"] { rules[type] = NormRule() }
        // LRP starts from the target's logit as relevance; the gradient from the one-hot seed.
        let logits = try network.forward(input)
        let relevance = try network.inputGradient(input, seed: logits.zip(seed, *), composite: Composite(rulesByType: rules))
        let gradientTimesInput = try network.inputGradient(input, seed: seed).zip(input, *)
        #expect(relevance.maximumAbsoluteDifference(to: gradientTimesInput) < 1e-4)
    }

    /// αβ is left out: where a neuron has no negative contribution its β share vanishes, so it only
    /// conserves on average; `alphaOneBetaZeroIsZPlus` covers it.
    @Test(arguments: ["epsilonPlus", "epsilonPlusFlat", "epsilonGammaBox", "wSquareFirst"])
    func compositesConserveRelevance(_ name: String) throws {
        let network = try SmallNetworks.residualCNN(withBias: false).foldingBatchNormalization()
        let composites: [String: Composite] = [
            "epsilonPlus": .epsilonPlus(), "epsilonPlusFlat": .epsilonPlusFlat(),
            "epsilonGammaBox": .epsilonGammaBox(low: Tensor(shape: [1], repeating: -1), high: Tensor(shape: [1], repeating: 1)),
            "wSquareFirst": Composite.epsilonPlus().assigning(WSquareRule(), toNode: "conv1"),
        ]
        let relevance = try network.inputGradient(input, seed: seed, composite: try #require(composites[name]))
        for total in totals(relevance) { #expect(abs(total - 1) < 1e-3, "\(name) keeps \(total) of 1") }
    }

    @Test func zPlusGivesNonNegativeRelevanceAndTheBiasKeepsItsShare() throws {
        let conv = Conv(attributes: WindowAttributes(padding: [1, 1, 1, 1]))
        let inputs = [sample([1, 2, 4, 4], seed: 12), sample([3, 2, 3, 3], seed: 13), sample([3], seed: 14)]
        let output = try conv.forward(inputs, mode: .inference)[0]
        let incoming = sample(output.shape, seed: 15, low: 0, high: 1)
        let pass = OperatorPass(inputs: inputs, outputs: [output], needsGradient: [true, false, false], mode: .inference)
        let relevance = try #require(try ZPlusRule().backward(conv, pass: pass, outputGradients: [incoming])[0])
        #expect(relevance.scalars.allSatisfy { $0 >= 0 })
        #expect(relevance.sum() < incoming.sum() && relevance.sum() > 0.5 * incoming.sum())
        let unbiased = OperatorPass(inputs: Array(inputs[0...1]), outputs: [output], needsGradient: [true, false], mode: .inference)
        let conserved = try #require(try ZPlusRule().backward(conv, pass: unbiased, outputGradients: [incoming])[0])
        #expect(abs(conserved.sum() - incoming.sum()) < 1e-3)
    }

    @Test func alphaOneBetaZeroIsZPlus() throws {
        let network = try SmallNetworks.residualCNN().foldingBatchNormalization()
        let zPlus = try network.inputGradient(input, seed: seed, composite: .epsilonPlus())
        let alphaBeta = Composite.epsilonPlus()
            .assigning(try AlphaBetaRule(alpha: 1, beta: 0), toNode: "conv1")
            .assigning(try AlphaBetaRule(alpha: 1, beta: 0), toNode: "conv2")
            .assigning(try AlphaBetaRule(alpha: 1, beta: 0), toNode: "skip")
        #expect(try network.inputGradient(input, seed: seed, composite: alphaBeta).maximumAbsoluteDifference(to: zPlus) < 1e-6)
        let alpha2Beta1 = try network.inputGradient(input, seed: seed, composite: .epsilonAlpha2Beta1())
        #expect(alpha2Beta1.maximumAbsoluteDifference(to: zPlus) > 1e-3, "α2β1 differs from z⁺")
    }

    @Test func compositeAssignsTheFirstLayerRuleOnceAndNamesOverride() throws {
        let network = try SmallNetworks.residualCNN().foldingBatchNormalization()
        let composite = Composite.epsilonGammaBox(low: Tensor(scalar: 0), high: Tensor(scalar: 1))
            .assigning(EpsilonRule(epsilon: 0.5), toNode: "conv2")
        let rules = composite.rules(for: network)
        #expect(rules["conv1"] is ZBoxRule)
        #expect((rules["conv2"] as? EpsilonRule)?.epsilon == 0.5)
        #expect(rules["skip"] is GammaRule)
        #expect(rules["fc"] is EpsilonRule)
        #expect(rules["relu1"] is PassRule)
        #expect(rules["add"] is NormRule)
        #expect(rules["pool"] == nil, "max pooling keeps the gradient")
    }

    @Test func lrpRuleOnALayerWithoutWeightsIsAnErrorNamingTheNode() throws {
        let network = try SmallNetworks.residualCNN()
        let composite = Composite().assigning(ZPlusRule(), toNode: "relu1")
        #expect(throws: NetworkError.self) { try network.inputGradient(input, seed: seed, composite: composite) }
    }

    @Test func alphaBetaRejectsParametersThatDoNotConserve() {
        #expect(throws: NetworkError.self) { try AlphaBetaRule(alpha: 2, beta: 2) }
    }
}
