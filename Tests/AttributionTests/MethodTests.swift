import Attribution
import Foundation
import Networks
import Tensor
import Testing

@Suite struct MethodTests {
    let network = try! SmallNetworks.convolutional()
    let inputs = SmallNetworks.inputs(2)

    func logit(_ input: Tensor, _ target: Int) throws -> Float {
        try network.forward(input).scalars[target]
    }

    @Test func gradientMatchesCentralDifferences() throws {
        let gradient = try Saliency(absolute: false).attribute(inputs, targets: [1, 2], model: network, progress: .silent)
        #expect(gradient.shape == inputs.shape)
        let first = try inputs.batch(0..<1)
        for element in stride(from: 0, to: 192, by: 17) {
            var (plus, minus) = (first, first)
            plus.scalars[element] += 1e-2
            minus.scalars[element] -= 1e-2
            let numeric = (try logit(plus, 1) - logit(minus, 1)) / 2e-2
            #expect(abs(numeric - gradient.scalars[element]) <= 2e-3 + 2e-2 * abs(numeric), "element \(element)")
        }
        let magnitude = try Saliency().attribute(inputs, targets: [1, 2], model: network, progress: .silent)
        #expect(magnitude == gradient.map(abs))
    }

    @Test func integratedGradientsAreComplete() throws {
        let method = IntegratedGradients(steps: 64)
        let (attributions, delta) = try method.attributeWithDelta(inputs, targets: [0, 2], model: network)
        let scores = try network.forward(inputs)
        let zero = try network.forward(Tensor(shape: [1, 3, 8, 8]))
        for (item, target) in [0, 2].enumerated() {
            let gap = scores.scalars[item * 3 + target] - zero.scalars[target]
            let total = attributions.scalars[(item * 192)..<((item + 1) * 192)].reduce(0, +)
            #expect(abs(total - gap) <= 1e-2 * max(1, abs(gap)), "Σ A = \(total), f(x) − f(0) = \(gap)")
            #expect(abs(delta[item] - (total - gap)) < 1e-4)
        }
    }

    /// DeepLIFT's summation-to-delta: with the rescale rule at ReLU and tanh and the max-pool rule at
    /// both poolings, the attributions sum to f(x) − f(x′) exactly (up to float rounding), for any
    /// reference, and chunking the inputs does not change them.
    @Test(arguments: [Baseline.zeros, .uniform(low: 0, high: 1, seed: 4)])
    func deepLiftSumsToTheChangeOfTheScore(baseline: Baseline) throws {
        let network = try SmallNetworks.pooled()
        let inputs = SmallNetworks.inputs(3)
        let targets = [0, 2, 1]
        let (attributions, delta) = try DeepLift(baseline: baseline).attributeWithDelta(inputs, targets: targets, model: network)
        let scores = try network.forward(inputs), references = try network.forward(baseline.tensor(for: inputs))
        for (item, target) in targets.enumerated() {
            let gap = scores.scalars[item * 3 + target] - references.scalars[item * 3 + target]
            let total = attributions.scalars[(item * 192)..<((item + 1) * 192)].reduce(0, +)
            #expect(abs(gap) > 1e-2, "a vacuous check: the score does not change")
            #expect(abs(total - gap) <= 1e-4 * max(1, abs(gap)), "Σ A = \(total), f(x) − f(x′) = \(gap)")
            #expect(abs(delta[item] - (total - gap)) < 1e-4)
        }
        let gradient = try Saliency(absolute: false).attribute(inputs, targets: targets, model: network, progress: .silent)
        #expect(try attributions.maximumAbsoluteDifference(to: inputs * gradient) > 1e-3,
                "DeepLIFT should differ from input × gradient on a nonlinear network")
        let oneByOne = try DeepLift(baseline: baseline, chunkSize: 1).attribute(inputs, targets: targets, model: network, progress: .silent)
        #expect(oneByOne.maximumAbsoluteDifference(to: attributions) < 1e-6)
    }

    @Test func integrationRulesFollowCaptum() {
        let legendre = IntegrationRule.gaussLegendre.points(3)
        let expected = [(0.5 * (1 - (0.6).squareRoot()), 5.0 / 18), (0.5, 8.0 / 18), (0.5 * (1 + (0.6).squareRoot()), 5.0 / 18)]
        for (point, reference) in zip(legendre, expected) {
            #expect(abs(point.alpha - reference.0) < 1e-12 && abs(point.weight - reference.1) < 1e-12)
        }
        #expect(IntegrationRule.riemannLeft.points(4).map(\.alpha) == [0, 0.25, 0.5, 0.75])
        #expect(IntegrationRule.riemannRight.points(4).map(\.alpha) == [0.25, 0.5, 0.75, 1])
        #expect(IntegrationRule.riemannMiddle.points(4).map(\.alpha) == [0.125, 0.375, 0.625, 0.875])
        let trapezoid = IntegrationRule.riemannTrapezoid.points(5)
        #expect(trapezoid.map(\.alpha) == [0, 0.25, 0.5, 0.75, 1])
        #expect(trapezoid.map(\.weight) == [0.1, 0.2, 0.2, 0.2, 0.1])
        for rule in IntegrationRule.allCases where rule != .riemannTrapezoid {
            #expect(abs(rule.points(50).reduce(0) { $0 + $1.weight } - 1) < 1e-12, "\(rule)")
        }
    }

    @Test func inputTimesGradientAndGradientSHAPOnALinearModelAreTheTermsOfTheSum() throws {
        let (linear, weights) = try SmallNetworks.linear()
        let x = SmallNetworks.inputs(1, shape: [2, 4, 4])
        let row = Array(weights.scalars[32..<64])
        let terms = zip(row, x.scalars).map(*)
        let inputTimesGradient = try InputTimesGradient().attribute(x, targets: [1], model: linear, progress: .silent)
        let shap = try GradientSHAP(samples: 7, seed: 3).attribute(x, targets: [1], model: linear, progress: .silent)
        for (index, term) in terms.enumerated() {
            #expect(abs(inputTimesGradient.scalars[index] - term) < 1e-5)
            #expect(abs(shap.scalars[index] - term) < 1e-5)
        }
    }

    @Test func occlusionOfSinglePixelsOnALinearModelIsEachPixelsContribution() throws {
        let (linear, weights) = try SmallNetworks.linear()
        let x = SmallNetworks.inputs(1, shape: [2, 4, 4])
        let map = try Occlusion(window: 1, stride: 1).attribute(x, targets: [2], model: linear, progress: .silent)
        let row = Array(weights.scalars[64..<96])
        for pixel in 0..<16 {
            let contribution = row[pixel] * x.scalars[pixel] + row[16 + pixel] * x.scalars[16 + pixel]
            #expect(abs(map.scalars[pixel] - contribution) < 1e-5)
            #expect(map.scalars[16 + pixel] == map.scalars[pixel])
        }
    }

    @Test func camsAreNonNegativeAtTheLastSpatialLayer() throws {
        #expect(try network.defaultCAMLayer() == "relu2")
        for variant in ClassActivationMapping.Variant.allCases {
            let map = try ClassActivationMapping(variant).attribute(inputs, targets: [0, 1], model: network, progress: .silent)
            #expect(map.shape == [2, 1, 8, 8])
            #expect(map.scalars.allSatisfy { $0 >= 0 })
            #expect(map.scalars.contains { $0 > 0 })
        }
        let (linear, _) = try SmallNetworks.linear()
        let error = #expect(throws: AttributionError.self) {
            try ClassActivationMapping().attribute(SmallNetworks.inputs(1, shape: [2, 4, 4]), targets: [0], model: linear,
                                                   progress: .silent)
        }
        #expect(error?.description.contains("no layer with places") == true)
        #expect(throws: (any Error).self) {
            try ClassActivationMapping(layer: "conv9").attribute(inputs, targets: [0, 0], model: network, progress: .silent)
        }
    }

    @Test func guidedGradCAMIsGuidedBackpropTimesTheUpsampledCAM() throws {
        let guided = try ModifiedBackprop(.guidedBackprop).attribute(inputs, targets: [2, 0], model: network, progress: .silent)
        let cam = try ClassActivationMapping(.gradCAM, layer: "relu1").attribute(inputs, targets: [2, 0], model: network,
                                                                                progress: .silent)
        let combined = try GuidedGradCAM(layer: "relu1").attribute(inputs, targets: [2, 0], model: network, progress: .silent)
        #expect(combined == (try guided * cam))
    }

    @Test func lrpConservesTheTargetLogitWithoutBiases() throws {
        let unbiased = try SmallNetworks.convolutional(biases: false)
        for rules in [LayerwiseRelevancePropagation.Rules.epsilonPlus, .epsilonAlpha2Beta1] {
            let relevance = try LayerwiseRelevancePropagation(rules: rules).attribute(inputs, targets: [1, 1], model: unbiased,
                                                                                      progress: .silent)
            let scores = try unbiased.forward(inputs)
            for item in 0..<2 {
                let total = relevance.scalars[(item * 192)..<((item + 1) * 192)].reduce(0, +)
                #expect(abs(total - scores.scalars[item * 3 + 1]) <= 1e-3 * max(1, abs(total)), "\(rules): \(total)")
            }
        }
    }

    @Test func lrpBoxBoundsBroadcastFromOneValuePerChannel() throws {
        // A normalised model's black and white differ by channel; the box rule takes them as 1×C×1×1.
        let low = try Tensor(shape: [1, 3, 1, 1], scalars: [-2, -1, 0])
        let high = try Tensor(shape: [1, 3, 1, 1], scalars: [1, 2, 3])
        func boxed(_ low: Tensor, _ high: Tensor) throws -> Tensor {
            try LayerwiseRelevancePropagation(rules: .epsilonGammaBox, inputBounds: (low, high))
                .attribute(inputs, targets: [1, 2], model: network, progress: .silent)
        }
        let zeros = Tensor(shape: [1, 3, 8, 8], repeating: 0)
        let perChannel = try boxed(low, high)
        #expect(perChannel == (try boxed(try zeros + low, try zeros + high)))
        #expect(perChannel != (try boxed(Tensor(scalar: 0), Tensor(scalar: 1))), "the bounds enter the first layer's rule")
        #expect(throws: AttributionError.self) {
            try boxed(Tensor(shape: [1, 2, 1, 1], repeating: 0), Tensor(shape: [1, 2, 1, 1], repeating: 1))
        }
    }

    @Test func noiseTunnelWithoutNoiseIsTheBaseMethod() throws {
        let base = Saliency(absolute: false)
        let plain = try base.attribute(inputs, targets: [0, 1], model: network, progress: .silent)
        let smooth = try NoiseTunnel(base, samples: 3, noiseFraction: 0).attribute(inputs, targets: [0, 1], model: network,
                                                                                   progress: .silent)
        let variance = try NoiseTunnel(base, kind: .varGrad, samples: 3, noiseFraction: 0)
            .attribute(inputs, targets: [0, 1], model: network, progress: .silent)
        #expect(smooth.maximumAbsoluteDifference(to: plain) < 1e-6)
        #expect(variance.scalars.allSatisfy { abs($0) < 1e-6 })
        let noisy = try NoiseTunnel(base, samples: 4, seed: 1).attribute(inputs, targets: [0, 1], model: network, progress: .silent)
        let again = try NoiseTunnel(base, samples: 4, seed: 1).attribute(inputs, targets: [0, 1], model: network, progress: .silent)
        #expect(noisy == again && noisy != plain)
    }

    @Test func varCombinesTheBaseMapsOfTheCompetingClasses() throws {
        let base = Saliency(absolute: false)
        let method = VAR(base, classes: .given([0, 1, 2]))
        let combined = try method.attribute(inputs, targets: [1, 2], model: network, progress: .silent)
        let first = try inputs.batch(0..<1)
        let maps = try (0..<3).map { try base.attribute(first, targets: [$0], model: network, progress: .silent) }
        #expect(try combined.batch(0..<1) == ClassCompetition().combine(maps, targetPosition: 1))
        let automatic = try VAR(base).competingClasses(inputs, targets: [0, 0], model: network)
        #expect(automatic.allSatisfy { $0.classes.count == 3 && $0.classes[$0.targetPosition] == 0 })
        #expect(throws: AttributionError.self) {
            try VAR(base, classes: .given([0, 1])).attribute(inputs, targets: [2, 2], model: network, progress: .silent)
        }
    }

    @Test func varComputesTheBaseMapOfARepeatedInputAndClassOnce() throws {
        // A GridPG mosaic: the same image once per cell, every cell's class competing.
        let first = try inputs.batch(0..<1)
        let mosaic = try Tensor.concatenated([first, first, first], alongAxis: 0)
        let base = BatchRecorder(base: Saliency(absolute: false))
        let shared = try VAR(base, classes: .given([0, 1, 2])).attribute(mosaic, targets: [0, 1, 2], model: network, progress: .silent)
        #expect(base.batches.value == [3])
        for target in 0..<3 {
            let alone = try VAR(Saliency(absolute: false), classes: .given([0, 1, 2]))
                .attribute(first, targets: [target], model: network, progress: .silent)
            #expect(try shared.batch(target..<(target + 1)) == alone)
        }
    }

    @Test func riseMasksAreSeededAndWeightedByTheProbability() throws {
        let method = RISE(masks: 40, cells: 4, seed: 5)
        let masks = try method.maskSet(height: 8, width: 8)
        #expect(masks.shape == [40, 8, 8])
        #expect(masks.scalars.allSatisfy { (0...1).contains($0) })
        #expect(try RISE(masks: 40, cells: 4, seed: 5).maskSet(height: 8, width: 8) == masks)
        // With every cell kept, every mask is 1 and the map is p_c(x) everywhere.
        let full = try RISE(masks: 10, cells: 4, probability: 1).attribute(inputs, targets: [2, 0], model: network,
                                                                          progress: .silent)
        let probability = try network.forward(inputs).softmax(alongAxis: -1)
        #expect(abs(full.scalars[0] - probability.scalars[2]) < 1e-5)
        #expect(abs(full.scalars[192 + 77] - probability.scalars[3]) < 1e-5)
    }

    @Test func targetsOutOfRangeAndInterruptsAreClearErrors() throws {
        let error = #expect(throws: AttributionError.self) {
            try Saliency().attribute(inputs, targets: [0, 5], model: network, progress: .silent)
        }
        #expect(error?.description.contains("classes 0…2") == true)
        #expect(try Target.top.resolve(for: inputs, model: network) == network.forward(inputs).argmaxAlongLastAxis())
        #expect(throws: AttributionError.cancelled) {
            try IntegratedGradients().attribute(inputs, targets: [0, 0], model: network, progress: Progress(isCancelled: { true }))
        }
    }
}

/// Passes through to `base` and records the batch size of every call.
private struct BatchRecorder: AttributionMethod {
    final class Log: @unchecked Sendable {
        var value: [Int] = []
    }
    let base: any AttributionMethod
    let batches = Log()
    var name: String { base.name }
    var parameters: [String: String] { base.parameters }

    func attribute(_ inputs: Tensor, targets: [Int], model: Network, progress: Attribution.Progress) throws -> Tensor {
        batches.value.append(inputs.batchCount)
        return try base.attribute(inputs, targets: targets, model: model, progress: progress)
    }
}
