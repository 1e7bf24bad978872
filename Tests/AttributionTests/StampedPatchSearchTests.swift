import Attribution
import Tensor
import Testing

@Suite struct StampedPatchSearchTests {
    let fixture = BackdoorVerdictTests()

    @Test func theWindowsAreTheCornersAndTheCentreInsideTheImage() {
        let windows = StampedPatchSearch.windows(height: 32, width: 48, size: 4)
        #expect(windows.map { [$0.top, $0.left] } == [[0, 0], [0, 44], [28, 0], [28, 44], [14, 22]])
        #expect(windows.allSatisfy { $0.size == 4 && $0.top + 4 <= 32 && $0.left + 4 <= 48 })
    }

    /// The trojan's fifth class answers a bright 2×2 patch at the bottom-right: pasted there, the optimised
    /// pattern sends every image to it; pasted at the top-left it sends none.
    @Test func thePatternPastedOverTheTriggerReachesTheTarget() throws {
        let model = fixture.linear(trojan: true)
        let images = fixture.images
        var search = StampedPatchSearch()
        search.steps = 40
        let place = StampedPatchSearch.Window(top: 6, left: 6, size: 2)
        let pattern = try search.pattern(for: 4, in: place, model: model, samples: images)
        #expect(pattern.shape == [3, 2, 2])
        let stamped = try StampedPatchSearch.stamp(images, pattern: pattern.scalars, window: place)
        #expect(try model.predictions(stamped).allSatisfy { $0 == 4 })
        let elsewhere = StampedPatchSearch.Window(top: 0, left: 0, size: 2)
        let other = try search.pattern(for: 4, in: elsewhere, model: model, samples: images)
        let missed = try StampedPatchSearch.stamp(images, pattern: other.scalars, window: elsewhere)
        #expect(try model.predictions(missed).allSatisfy { $0 != 4 })
    }

    @Test func aStampReplacesTheWindowAndLeavesTheRest() throws {
        let images = fixture.images
        let place = StampedPatchSearch.Window(top: 2, left: 5, size: 3)
        let stamped = try StampedPatchSearch.stamp(images, pattern: [Float](repeating: 0.5, count: 27), window: place)
        for index in images.scalars.indices {
            let (row, column) = (index / 8 % 8, index % 8)
            let inside = (2..<5).contains(row) && (5..<8).contains(column)
            #expect(stamped.scalars[index] == (inside ? 0.5 : images.scalars[index]))
        }
    }

    /// The verdict's stamp family alone names the trojan's target and the window it pasted over the trigger: every
    /// image goes there, none to another class. It does not flag this model by itself: where no other class is ever
    /// reached (median rate ≈ 0), a rate step of 0.1 is a wide log-odds step, so the index stays small — the
    /// resolution that keeps a strong clean model's one reachable natural class from reading as a trigger.
    @Test func theStampReadingNamesThePatchTrojansTargetAndTriggerPlace() throws {
        var verdict = BackdoorVerdict()
        verdict.readings = verdict.readings.filter { $0.family == .stamp }
        let report = try verdict.scan(fixture.linear(trojan: true), images: fixture.images)
        #expect(report.suspect == 4, "scores \(report.scores)")
        let (reading, seen) = report.evidence
        #expect(reading.family == .stamp && seen.rate == 1)
        #expect(seen.stamp == StampedPatchSearch.Window(top: 6, left: 6, size: 2), "pasted at \(String(describing: seen.stamp))")
        #expect(report.readings[0].classes.indices.allSatisfy { $0 == 4 || report.readings[0].classes[$0].rate == 0 })
        let clean = try verdict.scan(fixture.linear(trojan: false), images: fixture.images)
        #expect(!clean.backdoored && clean.readings[0].classes[4].rate == 0)
    }
}
