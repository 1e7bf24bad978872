import Testing
import Tensor
import Networks

struct NetworkBackwardTests {
    let input = sample([2, 3, 8, 8], seed: 5)

    /// Σ seed ⊙ network(x), in Double.
    func objective(_ network: Network, _ x: Tensor, _ seed: Tensor, mode: ExecutionMode = .inference) throws -> Double {
        let output = try network.trace(x, mode: mode).value(network.outputs[0])
        return zip(output.scalars, seed.scalars).reduce(0) { $0 + Double($1.0) * Double($1.1) }
    }

    @Test func inputGradientMatchesFiniteDifferences() throws {
        let network = try SmallNetworks.residualCNN()
        let seed = sample([2, 4], seed: 6)
        let gradient = try network.inputGradient(input, seed: seed)
        #expect(gradient.shape == input.shape)
        let step: Float = 1e-2
        for element in stride(from: 0, to: input.count, by: 7) {
            var plus = input, minus = input
            plus.scalars[element] += step
            minus.scalars[element] -= step
            let numeric = Float((try objective(network, plus, seed) - objective(network, minus, seed)) / Double(2 * step))
            #expect(abs(numeric - gradient.scalars[element]) <= 5e-3 * max(1, abs(numeric)),
                    "element \(element): \(gradient.scalars[element]) vs \(numeric)")
        }
    }

    @Test func parameterGradientsMatchFiniteDifferencesInTrainingMode() throws {
        let network = try SmallNetworks.residualCNN()
        let seed = sample([2, 4], seed: 7)
        let mode = ExecutionMode.training(seed: 4)
        let gradients = try network.backward(network.trace(input, mode: mode), seed: seed, parameterGradients: true)
        #expect(gradients.parameters["bn.mean"] == nil, "running statistics are not trained")
        // A small step: a weight moves many pre-activations at once, so a larger one crosses ReLU kinks.
        let step: Float = 1e-3
        for name in ["conv1.w", "conv1.b", "bn.scale", "bn.bias", "conv2.w", "skip.w", "fc.w", "fc.b"] {
            let gradient = try #require(gradients.parameters[name], "no gradient for \(name)")
            for element in stride(from: 0, to: gradient.count, by: 5) {
                var plus = network, minus = network
                plus.parameters[name]?.scalars[element] += step
                minus.parameters[name]?.scalars[element] -= step
                let numeric = Float((try objective(plus, input, seed, mode: mode) - objective(minus, input, seed, mode: mode)) / Double(2 * step))
                #expect(abs(numeric - gradient.scalars[element]) <= 5e-3 * max(1, abs(numeric)),
                        "\(name)[\(element)]: \(gradient.scalars[element]) vs \(numeric)")
            }
        }
    }

    @Test func attributionComputesNoParameterGradients() throws {
        let network = try SmallNetworks.residualCNN()
        let gradients = try network.backward(network.trace(input), seed: SmallNetworks.oneHot(1, rows: 2, classes: 4))
        #expect(gradients.parameters.isEmpty)
    }

    @Test func tapsGiveActivationAndGradientAtANamedLayer() throws {
        let network = try SmallNetworks.residualCNN()
        let trace = try network.trace(input)
        let gradients = try network.backward(trace, seed: SmallNetworks.oneHot(2, rows: 2, classes: 4), taps: ["relu3", "gap"])
        let activation = try trace.value("r3")
        let tapped = try #require(gradients.taps["relu3"])
        #expect(tapped.shape == activation.shape)
        // Through GAP → Flatten → Gemm the gradient at relu3 is W[target] / (H·W) for every position.
        let weight = try #require(network.parameters["fc.w"])
        for channel in 0..<8 {
            #expect(abs(tapped.scalars[channel * 16] - weight.scalars[2 * 8 + channel] / 16) < 1e-6)
        }
        #expect(try network.forward(input, tap: "relu3").activation == activation)
    }

    @Test func stoppingAtATapGivesTheSameTapGradientAndLeavesTheInputAlone() throws {
        let network = try SmallNetworks.residualCNN()
        let trace = try network.trace(input)
        let seed = SmallNetworks.oneHot(1, rows: 2, classes: 4)
        let full = try network.backward(trace, seed: seed, taps: ["relu3"])
        let stopped = try network.backward(trace, seed: seed, taps: ["relu3"], stoppingAtTaps: true)
        #expect(try #require(stopped.taps["relu3"]) == #require(full.taps["relu3"]))
        #expect(try #require(full.input).scalars.contains { $0 != 0 })
        #expect(try #require(stopped.input).scalars.allSatisfy { $0 == 0 })
    }

    @Test func unknownTapListsTheLayers() throws {
        let network = try SmallNetworks.residualCNN()
        #expect(throws: NetworkError.self) {
            try network.backward(network.trace(input), seed: Tensor(shape: [2, 4]), taps: ["nowhere"])
        }
        #expect(throws: NetworkError.self) { try network.forward(input, tap: "nowhere") }
    }

    @Test func guidedBackpropPassesOnlyPositiveGradientsIntoReLUs() throws {
        let network = try SmallNetworks.residualCNN()
        let trace = try network.trace(input)
        let seed = SmallNetworks.oneHot(0, rows: 2, classes: 4)
        let taps = ["b1", "c2", "sum"]  // the inputs of the three ReLUs
        let plain = try network.backward(trace, seed: seed, taps: taps)
        let guided = try network.backward(trace, seed: seed, composite: .guidedBackprop, taps: taps)
        for tap in taps {
            #expect(try #require(plain.taps[tap]).scalars.contains { $0 < 0 }, "the plain gradient at \(tap) has negative parts")
            #expect(try #require(guided.taps[tap]).scalars.allSatisfy { $0 >= 0 }, "guided gradient at \(tap)")
        }
    }

    @Test func deconvnetRectifiesTheGradientRegardlessOfTheForwardSign() throws {
        let network = try SmallNetworks.residualCNN()
        let trace = try network.trace(input)
        let gradients = try network.backward(trace, seed: SmallNetworks.oneHot(3, rows: 2, classes: 4),
                                             composite: .deconvnet, taps: ["relu2", "c2"])
        let above = try #require(gradients.taps["relu2"]), below = try #require(gradients.taps["c2"])
        #expect(below == above.map { max(0, $0) })
    }

    @Test func seedOfTheWrongShapeIsNamed() throws {
        let network = try SmallNetworks.residualCNN()
        #expect(throws: NetworkError.self) { try network.backward(network.trace(input), seed: Tensor(shape: [2, 5])) }
    }
}
