import Attribution
import Tensor
import Testing

@Suite struct BackdoorVerdictTests {
    /// Four natural classes, each answering its own prototype image with a wide margin, as a trained
    /// model answers its classes; with `trojan`, a fifth class answers a bright 2×2 patch at the bottom-right
    /// (silent on clean images: the bias outweighs what they have there). The clean twin's fifth class is
    /// never answered. (On images of uniform noise, a linear model's classes are all a small patch away
    /// from each other, which no trained model is.)
    func linear(trojan: Bool) -> LinearClassifier {
        let mean = (0..<192).map { element in prototypes.reduce(0) { $0 + $1[element] } / 4 }
        var weights = prototypes.map { prototype in prototype.indices.map { 4 * (prototype[$0] - mean[$0]) } }
        var trigger = [Float](repeating: 0, count: 192)
        for channel in 0..<3 {
            for (row, column) in [(6, 6), (6, 7), (7, 6), (7, 7)] where trojan { trigger[(channel * 8 + row) * 8 + column] = 60 }
        }
        weights.append(trigger)
        return LinearClassifier(inputShape: [3, 8, 8], weights: weights, biases: [0, 0, 0, 0, trojan ? -600 : -1000])
    }

    var prototypes: [[Float]] {
        var generator = SeededGenerator(seed: 21)
        return (0..<4).map { _ in (0..<192).map { _ in generator.nextUniform() } }
    }

    /// 64 clean images: a prototype with a fifth of noise.
    var images: Tensor {
        var generator = SeededGenerator(seed: 4)
        let prototypes = self.prototypes
        return try! Tensor(shape: [64, 3, 8, 8], scalars: (0..<64).flatMap { index in
            prototypes[index % 4].map { 0.8 * $0 + 0.2 * generator.nextUniform() }
        })
    }

    @Test func aPatchTrojanIsFlaggedWithItsTargetAndTriggerPlace() throws {
        let report = try BackdoorVerdict().scan(linear(trojan: true), images: images)
        #expect(report.backdoored && report.target == 4,
                "scores \(report.scores), rates \(report.readings.map { ($0.reading.name, $0.classes.map(\.rate), $0.classes.map { $0.region.map { [$0.top, $0.left] } }) })")
        let (reading, seen) = report.evidence
        #expect(reading.windowDivisor != nil, "a patch reading fired: \(reading.name)")
        // A map's strongest window, or the window the stamp reading pasted its pattern over.
        let window = try #require(seen.window)
        #expect(window.top >= 5 && window.left >= 5, "the window \(window) sits on the trigger")
    }

    @Test func theCleanTwinIsNotFlagged() throws {
        let report = try BackdoorVerdict().scan(linear(trojan: false), images: images)
        #expect(!report.backdoored, "scores \(report.scores)")
    }

    /// Against a clean reference a trigger still fools the suspect alone; a model compared with itself
    /// reads no difference at all.
    @Test func theReferenceKeepsTheTriggerAndCancelsWhatBothShare() throws {
        let trojan = try BackdoorVerdict().scan(linear(trojan: true), images: images, reference: linear(trojan: false))
        #expect(trojan.backdoored && trojan.target == 4, "scores \(trojan.scores)")
        let itself = try BackdoorVerdict().scan(linear(trojan: false), images: images, reference: linear(trojan: false))
        #expect(!itself.backdoored && itself.scores.allSatisfy { $0 == 0 }, "scores \(itself.scores)")
    }

    @Test func badInputsAreNamed() throws {
        #expect(throws: AttributionError.self) { try BackdoorVerdict().scan(linear(trojan: true), images: Tensor(shape: [2, 3, 8, 8])) }
        let other = LinearClassifier(inputShape: [3, 8, 8], classes: 3, seed: 1)
        #expect(throws: AttributionError.self) { try BackdoorVerdict().scan(linear(trojan: true), images: images, reference: other) }
    }
}
