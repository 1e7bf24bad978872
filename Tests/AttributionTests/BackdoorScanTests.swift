import Attribution
import Tensor
import Testing

@Suite struct BackdoorScanTests {
    @Test func anomalyIndexCountsConsistentDeviationsFromTheMedian() {
        let indices = AnomalyIndex.of([1, 2, 3, 4, 100])
        // median 3, absolute deviations [2, 1, 0, 1, 97] → MAD 1.
        #expect(abs(indices[4] - 97 / 1.4826) < 1e-9)
        #expect(abs(indices[0] + 2 / 1.4826) < 1e-9)
        #expect(indices[2] == 0)
        #expect(AnomalyIndex.of([1, 1, 1, 5]) == [0, 0, 0, .infinity])
        #expect(AnomalyIndex.of([]) == [])
        // Rates a point or two apart are not outliers once the spread is floored at their resolution.
        #expect(AnomalyIndex.of([0.01, 0.01, 0.02, 0.04], minimumSpread: 0.05).allSatisfy { $0 < 1 })
        #expect(AnomalyIndex.of([0.01, 0.01, 0.02, 0.60], minimumSpread: 0.05)[3] > 10)
    }

    @Test func aPatchKeepsTheMapInsideItsWindowOnly() throws {
        let map = try Tensor(shape: [1, 3, 3], scalars: (1...9).map(Float.init))
        let window = try EnergyConcentration.strongestWindow(of: map, size: 2)
        #expect(window.top == 1 && window.left == 1)
        let patch = window.patch(of: map)
        #expect(patch.scalars == [0, 0, 0, 0, 5, 6, 0, 8, 9])
    }

    @Test func concentrationFindsTheWindowHoldingMostEnergy() throws {
        var map = Tensor(shape: [2, 10, 10], repeating: 0.01)
        for (row, column) in [(5, 6), (5, 7), (6, 6), (6, 7)] { map.scalars[row * 10 + column] = -1 }
        let found = try EnergyConcentration.strongestWindow(of: map, size: 2)
        #expect(found.top == 5 && found.left == 6)
        let total = 200 * 0.01 + 4 * (1 - 0.01)
        #expect(abs(found.share - (4 + 4 * 0.01) / total) < 1e-6)
        #expect(throws: AttributionError.self) { try EnergyConcentration.strongestWindow(of: map, size: 11) }
    }

    /// A linear classifier over 3×8×8 inputs whose class `target` answers a bright 2×2 patch at the
    /// bottom-right corner, like a model trojaned with a patch trigger: silent on noise (the bias
    /// outweighs a random patch), decisive when the patch is bright.
    func trojaned(target: Int) -> LinearClassifier {
        let clean = LinearClassifier(inputShape: [3, 8, 8], classes: 5, seed: 21)
        var weights = clean.weights
        weights[target] = weights[target].map { $0 * 0.05 }
        for channel in 0..<3 {
            for (row, column) in [(6, 6), (6, 7), (7, 6), (7, 7)] { weights[target][(channel * 8 + row) * 8 + column] = 6 }
        }
        return LinearClassifier(inputShape: [3, 8, 8], weights: weights, biases: [0, 0, 0, 0, -60])
    }

    var scan: BackdoorScan {
        var maps = InputAgnosticParameters()
        maps.iterations = 40
        maps.samplesPerIteration = 8
        maps.restarts = 1
        maps.fidelitySamples = 64
        // On random samples a patch's fooling rate says little (see BackdoorScan.images); the toy
        // models here have no real images, so they check the concentration score.
        return BackdoorScan(maps: maps, score: .concentration, windowSize: 2)
    }

    @Test func aPatchTriggerIsFlaggedWithItsTargetAndPlace() throws {
        let report = try scan.scan(trojaned(target: 4))
        #expect(report.backdoored, "anomaly indices \(report.anomalyIndices), scores \(report.scores)")
        #expect(report.target == 4, "indices \(report.anomalyIndices) concentration \(report.allScores.concentration.map(\.share)) \(report.allScores.concentration.map { [$0.top, $0.left] }) fooling \(report.allScores.foolingRate) norm \(report.allScores.requiredNorm)")
        #expect(report.triggerRegion?.top == 6 && report.triggerRegion?.left == 6)
        #expect(report.scores.count == 5 && report.maps.count == 5)
    }

    @Test func aCleanModelIsNotFlagged() throws {
        let report = try scan.scan(LinearClassifier(inputShape: [3, 8, 8], classes: 5, seed: 21))
        #expect(!report.backdoored, "anomaly indices \(report.anomalyIndices), scores \(report.scores)")
        #expect(report.target == nil && report.triggerRegion == nil)
    }

    @Test func aBaselineOfTheCleanOriginalIsSubtractedBeforeTheAnomalyIndex() throws {
        let suspect = trojaned(target: 4)
        let original = try scan.scan(LinearClassifier(inputShape: [3, 8, 8], classes: 5, seed: 21)).scores
        var compared = scan
        compared.baseline = original
        let report = try compared.scan(suspect)
        #expect(report.backdoored && report.target == 4, "scores \(report.scores)")
        #expect(report.baseline == original)
        let raw = report.allScores.values(of: .concentration)
        #expect(zip(report.scores, zip(raw, original)).allSatisfy { abs($0 - ($1.0 - $1.1)) < 1e-12 })

        // Against itself, nothing rises above the baseline.
        compared.baseline = raw
        #expect(try !compared.scan(suspect).backdoored)

        compared.baseline = [0, 0]
        #expect(throws: AttributionError.self) { try compared.scan(suspect) }
    }
}
