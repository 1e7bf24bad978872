import Attribution
import Tensor
import Testing

@Suite struct BackdoorVerdictTests {
    /// The linear patch trojan of the Neural Cleanse tests: class 4 answers a bright 2×2 patch at the
    /// bottom-right; the clean twin has the same natural classes without it.
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

    @Test func aPatchTrojanIsFlaggedWithItsTargetAndTriggerPlace() throws {
        let report = try BackdoorVerdict().scan(linear(trojan: true), images: images)
        #expect(report.backdoored && report.target == 4,
                "scores \(report.scores), rates \(report.readings.map { ($0.reading.name, $0.classes.map(\.rate), $0.classes.map { $0.region.map { [$0.top, $0.left] } }) })")
        let (reading, seen) = report.evidence
        #expect(reading.windowDivisor != nil, "a patch reading fired: \(reading.name)")
        let region = try #require(seen.region)
        #expect(region.top >= 5 && region.left >= 5, "the window \(region) sits on the trigger")
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
