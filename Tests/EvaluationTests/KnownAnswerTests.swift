import Datasets
import Evaluation
import Tensor
import Testing

/// Metrics on hand-made maps whose answers are known without any reference implementation.
@Suite struct KnownAnswerTests {
    let cells = (0..<4).map { PixelBox(top: $0 / 2 * 4, left: $0 % 2 * 4, bottom: $0 / 2 * 4 + 4, right: $0 % 2 * 4 + 4) }

    func map(_ value: (Int, Int) -> Float, size: Int = 8, channels: Int = 1) -> Tensor {
        var tensor = Tensor(shape: [channels, size, size])
        for channel in 0..<channels {
            for row in 0..<size {
                for column in 0..<size { tensor.scalars[(channel * size + row) * size + column] = value(row, column) }
            }
        }
        return tensor
    }

    @Test func gridPointingGame() throws {
        let inThirdCell = map { row, column in row >= 4 && column < 4 ? 1 : 0 }
        #expect(try GridPointingGame.score(map: inThirdCell, cell: cells[2]) == 1)
        #expect(try GridPointingGame.score(map: inThirdCell, cell: cells[0]) == 0)
        #expect(try GridPointingGame.score(map: map { _, _ in 1 }, cell: cells[1]) == 0.25)
        // Negative attribution elsewhere does not count against the cell; channels are summed first.
        let mixed = map({ row, column in row < 4 && column >= 4 ? 2 : -5 }, channels: 3)
        #expect(try GridPointingGame.score(map: mixed, cell: cells[1]) == 1)
        #expect(try GridPointingGame.score(map: map { _, _ in 0 }, cell: cells[1]) == 0)
        #expect(throws: EvaluationError.self) {
            try GridPointingGame.score(map: inThirdCell, cell: PixelBox(top: 4, left: 4, bottom: 12, right: 8))
        }
        #expect(throws: EvaluationError.self) { try GridPointingGame.score(map: Tensor(shape: [2, 1, 8, 8]), cell: cells[0]) }
    }

    @Test func correlationsOfIdenticalAndReversedRanks() throws {
        let values = (0..<50).map { Double($0 * $0) }
        #expect(try Correlation.spearman(values, values) == 1)
        #expect(abs(try Correlation.spearman(values, values.reversed()) + 1) < 1e-12)
        #expect(abs(try Correlation.pearson([1, 2, 3], [2, 4, 6]) - 1) < 1e-12)
        #expect(try Correlation.pearson([1, 1, 1], [1, 2, 3]) == 0)
        #expect(throws: EvaluationError.self) { try Correlation.spearman([1, 2], [1]) }
    }

    @Test func ssimOfIdenticalMapsIsOneAndOfOppositesIsLow() throws {
        let a = try SpatialMap(height: 16, width: 16, values: (0..<256).map { Double(($0 * 37) % 101) / 100 })
        #expect(abs(try StructuralSimilarity.index(a, a) - 1) < 1e-12)
        let inverted = try SpatialMap(height: 16, width: 16, values: a.values.map { 1 - $0 })
        #expect(try StructuralSimilarity.index(a, inverted) < 0)
        #expect(throws: EvaluationError.self) {
            try StructuralSimilarity.index(a, SpatialMap(height: 8, width: 32, values: a.values))
        }
    }

    @Test func hogSimilarityOfAMapWithItselfIsOne() throws {
        let stripes = try SpatialMap(height: 48, width: 48, values: (0..<(48 * 48)).map { Double(($0 % 48) / 6 % 2) })
        #expect(abs(try HistogramOfOrientedGradients().similarity(stripes, stripes) - 1) < 1e-12)
        #expect(throws: EvaluationError.self) {
            try HistogramOfOrientedGradients().features(of: SpatialMap(height: 32, width: 32, values: Array(repeating: 0, count: 1024)))
        }
    }

    @Test func pointingGameHitsWithinTheTolerance() throws {
        let mask = map { row, column in row >= 2 && row < 4 && column >= 2 && column < 4 ? 1 : 0 }
        let onObject = map { row, column in row == 3 && column == 3 ? 5 : 1 }
        let threeAway = map { row, column in row == 3 && column == 7 ? 5 : 1 }
        #expect(try PointingGame.hit(map: onObject, mask: mask, tolerance: 0))
        #expect(try !PointingGame.hit(map: threeAway, mask: mask, tolerance: 2.9))
        #expect(try PointingGame.hit(map: threeAway, mask: mask, tolerance: 4))
        #expect(try !PointingGame.hit(map: map { _, _ in 0 }, mask: mask, tolerance: 15))
        #expect(throws: EvaluationError.self) { try PointingGame.hit(map: onObject, mask: Tensor(shape: [1, 4, 4]), tolerance: 1) }
    }

    @Test func energyPointingGameIsTheShareOnTheObject() throws {
        let mask = map { _, column in column < 4 ? 1 : 0 }
        #expect(try PointingGame.energy(map: map { _, _ in 1 }, mask: mask) == 0.5)
        #expect(try PointingGame.energy(map: map { _, column in column < 4 ? 3 : -3 }, mask: mask) == 1)
    }

    @Test func deletionOfTheTrueRankingFallsFasterThanOfItsReverse() throws {
        // A model that adds up pixels: deleting the largest first must give the smaller area.
        let image = map { row, column in Float(row * 8 + column) / 64 }
        let score: (Tensor) throws -> [Float] = { batch in
            (0..<batch.shape[0]).map { batch.scalars[($0 * 64)..<(($0 + 1) * 64)].reduce(0, +) }
        }
        let right = try PerturbationCurve.measure(.deletion, image: image, map: image, pixelsPerStep: 4, score: score)
        let reversed = try PerturbationCurve.measure(.deletion, image: image, map: map { r, c in -Float(r * 8 + c) },
                                                     pixelsPerStep: 4, score: score)
        #expect(right.areaUnderCurve < reversed.areaUnderCurve)
        #expect(right.scores.last == 0)
        let insertion = try PerturbationCurve.measure(.insertion, image: image, map: image, pixelsPerStep: 4, score: score)
        #expect(insertion.scores.first == 0)
        #expect(abs(Double(insertion.scores.last!) - Double(image.scalars.reduce(0, +))) < 1e-4)
        #expect(throws: EvaluationError.self) {
            try PerturbationCurve.measure(.deletion, image: image, map: Tensor(shape: [1, 4, 4]), score: score)
        }
    }
}
