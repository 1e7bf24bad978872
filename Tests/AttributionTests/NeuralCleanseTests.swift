import Attribution
import Foundation
import Tensor
import Testing

@Suite struct NeuralCleanseTests {
    /// The cross-entropy toward `target` of the stamped batch, averaged, plus λ‖m‖₁: what the gradients differentiate.
    func objective(_ a: [Float], _ b: [Float], batch: Tensor, target: Int, cost: Float, model: LinearClassifier) throws -> Double {
        let mask = a.map(NeuralCleanse.squash), pattern = b.map(NeuralCleanse.squash)
        let logits = try model.logits(try NeuralCleanse.stamp(batch, mask: mask, pattern: pattern))
        let classes = model.classCount
        var total = 0.0
        for row in 0..<batch.shape[0] {
            let z = logits.scalars[(row * classes)..<((row + 1) * classes)].map(Double.init)
            let largest = z.max()!
            total += log(z.map { exp($0 - largest) }.reduce(0, +)) + largest - z[target]
        }
        return total / Double(batch.shape[0]) + Double(cost) * mask.reduce(0) { $0 + Double($1) }
    }

    @Test func theMaskAndPatternGradientsMatchFiniteDifferences() throws {
        let model = LinearClassifier(inputShape: [2, 3, 3], classes: 3, seed: 5)
        var generator = SeededGenerator(seed: 9)
        let batch = try Tensor(shape: [4, 2, 3, 3], scalars: (0..<72).map { _ in generator.nextUniform() })
        let a = (0..<9).map { _ in generator.nextNormal() }, b = (0..<18).map { _ in generator.nextNormal() }
        let stamped = try NeuralCleanse.stamp(batch, mask: a.map(NeuralCleanse.squash), pattern: b.map(NeuralCleanse.squash))
        let (maskGradient, patternGradient) = try NeuralCleanse.gradients(mask: a, pattern: b, batch: batch, stamped: stamped,
                                                                          target: 2, cost: 0.01, model: model, range: 0...1)
        // Central differences of the objective in one parameter at a time, against the analytic gradient.
        let step: Float = 1e-2
        func check(_ parameters: [Float], _ analytic: [Float], _ name: String, objective: ([Float]) throws -> Double) throws {
            for index in parameters.indices {
                var (up, down) = (parameters, parameters)
                up[index] += step
                down[index] -= step
                let numeric = (try objective(up) - objective(down)) / Double(2 * step)
                #expect(abs(numeric - Double(analytic[index])) < 1e-3 * max(1, abs(numeric)), "\(name) \(index)")
            }
        }
        try check(a, maskGradient, "mask") { try objective($0, b, batch: batch, target: 2, cost: 0.01, model: model) }
        try check(b, patternGradient, "pattern") { try objective(a, $0, batch: batch, target: 2, cost: 0.01, model: model) }
    }

    /// A linear model whose natural classes weigh every pixel a little, so that reaching one takes a large
    /// mask; with `trojan`, class 4 answers a bright 2×2 patch at the bottom-right instead, as a patch trojan does.
    func linear(trojan: Bool) -> LinearClassifier {
        var weights = LinearClassifier(inputShape: [3, 8, 8], classes: 5, seed: 21).weights.map { $0.map { $0 * 0.1 } }
        guard trojan else { return LinearClassifier(inputShape: [3, 8, 8], weights: weights, biases: [0, 0, 0, 0, 0]) }
        weights[4] = weights[4].map { $0 * 0.05 }
        for channel in 0..<3 {
            for (row, column) in [(6, 6), (6, 7), (7, 6), (7, 7)] { weights[4][(channel * 8 + row) * 8 + column] = 6 }
        }
        return LinearClassifier(inputShape: [3, 8, 8], weights: weights, biases: [0, 0, 0, 0, -60])
    }

    var images: Tensor {
        var generator = SeededGenerator(seed: 4)
        return try! Tensor(shape: [64, 3, 8, 8], scalars: (0..<(64 * 192)).map { _ in generator.nextUniform() })
    }

    var cleanse: NeuralCleanse {
        var cleanse = NeuralCleanse()
        cleanse.steps = 200
        cleanse.batchSize = 16
        return cleanse
    }

    @Test func theTrojansTargetNeedsTheSmallestMaskAndSitsOnTheTrigger() throws {
        let report = try cleanse.scan(linear(trojan: true), images: images)
        #expect(report.backdoored && report.target == 4, "norms \(report.triggers.map(\.maskNorm)), indices \(report.anomalyIndices)")
        let mask = report.triggers[4].mask.scalars
        let inside = [(6, 6), (6, 7), (7, 6), (7, 7)].reduce(Float(0)) { $0 + mask[$1.0 * 8 + $1.1] }
        #expect(inside > 0.5 * mask.reduce(0, +), "the mask \(mask)")
    }

    @Test func aCleanModelIsNotFlagged() throws {
        let report = try cleanse.scan(linear(trojan: false), images: images)
        #expect(!report.backdoored, "norms \(report.triggers.map(\.maskNorm)), indices \(report.anomalyIndices)")
    }

    @Test func badImagesAreNamed() throws {
        #expect(throws: AttributionError.self) { try cleanse.scan(linear(trojan: true), images: Tensor(shape: [4, 3, 4, 4])) }
    }
}
