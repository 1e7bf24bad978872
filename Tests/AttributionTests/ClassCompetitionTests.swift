import Attribution
import Foundation
import Tensor
import Testing

@Suite struct ClassCompetitionTests {
    let var_ = ClassCompetition()

    @Test func classesWithDisjointEvidenceKeepOnlyTheirOwnPixels() throws {
        // Class 0 attributes the left half, class 1 the right half, class 2 nothing: each VAR map is
        // confined to its class's half, with the sign of its base map.
        let left = try Tensor(shape: [1, 2, 4], scalars: [1, -2, 0, 0, 3, 1, 0, 0])
        let right = try Tensor(shape: [1, 2, 4], scalars: [0, 0, 2, 1, 0, 0, -1, 4])
        let none = Tensor(shape: [1, 2, 4])
        let forLeft = try var_.combine([left, right, none], targetPosition: 0)
        #expect(forLeft.scalars.enumerated().allSatisfy { ($0.offset % 4 < 2) == ($0.element != 0) })
        #expect(forLeft.scalars[1] < 0)
        let forRight = try var_.combine([left, right, none], targetPosition: 1)
        #expect(forRight.scalars.enumerated().allSatisfy { ($0.offset % 4 >= 2) == ($0.element != 0) })
        // A winner by a wide margin keeps (almost) all of its attribution: softmax of 1/0.1 vs 0.
        #expect(abs(forLeft.scalars[0] - 1 * Float(exp(10.0) / (exp(10.0) + 2))) < 1e-5)
    }

    @Test func identicalMapsCancelOut() throws {
        let map = try Tensor(shape: [3, 2, 2], scalars: (0..<12).map { Float($0) - 5 })
        let combined = try var_.combine([map, map, map], targetPosition: 2)
        #expect(combined.scalars.allSatisfy { $0 == 0 })
    }

    @Test func signedScoringLetsNegativeEvidenceLose() throws {
        let a = try Tensor(shape: [2], scalars: [-1, 1])
        let b = try Tensor(shape: [2], scalars: [0, 0])
        #expect(try var_.combine([a, b], targetPosition: 0).scalars[0] != 0)
        let signed = ClassCompetition(score: .signed)
        #expect(try signed.combine([a, b], targetPosition: 0).scalars == [0, Float(exp(10.0) / (exp(10.0) + 1))])
    }

    @Test func jointNormalizationRemovesTheScaleOfTheBaseMaps() throws {
        let a = try Tensor(shape: [2], scalars: [0.001, 0.002])
        let b = try Tensor(shape: [2], scalars: [0.002, 0.001])
        // Raw maps this small stay near 0 after dividing by T, so the softmax is near 1/2 and
        // nothing clears τ; scaled jointly, the larger map of each element wins it clearly.
        let raw = try var_.combine([a, b], targetPosition: 0)
        let joint = try ClassCompetition(normalization: .joint).combine([a, b], targetPosition: 0)
        #expect(raw.scalars == [0, 0])
        #expect(joint.scalars[0] == 0 && joint.scalars[1] > 0.0019)
    }

    @Test func badInputsAreRefused() throws {
        let map = Tensor(shape: [2, 2])
        #expect(throws: AttributionError.self) { try var_.combine([map], targetPosition: 0) }
        #expect(throws: AttributionError.self) { try var_.combine([map, map], targetPosition: 2) }
        #expect(throws: AttributionError.self) { try var_.combine([map, Tensor(shape: [4])], targetPosition: 0) }
        #expect(throws: AttributionError.self) { try ClassCompetition(temperature: 0).combine([map, map], targetPosition: 0) }
    }

    @Test func competingClassesAreTopTwoAndTheLeastLikely() throws {
        let scores: [Float] = [0.1, 0.5, 0.05, 0.3, 0.02, 0.03]
        #expect(try ClassCompetition.competingClasses(scores: scores, target: 1) == ([1, 3, 4], 0))
        #expect(try ClassCompetition.competingClasses(scores: scores, target: 0) == ([1, 0, 4], 1))
        #expect(try ClassCompetition.competingClasses(scores: scores, target: 4) == ([1, 3, 4], 2))
        #expect(try ClassCompetition.competingClasses(scores: scores, target: 2, topK: 3) == ([1, 3, 2, 4], 2))
        #expect(throws: AttributionError.self) { try ClassCompetition.competingClasses(scores: scores, target: 6) }
        #expect(throws: AttributionError.self) { try ClassCompetition.competingClasses(scores: scores, target: 0, topK: 6) }
    }
}
