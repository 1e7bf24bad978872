import Datasets
import Testing

/// The per-mosaic choice of pictures for GridPG sweeps.
@Suite struct MosaicPlannerTests {
    /// 12 classes of 7 pictures, in class-major order, some unlabelled.
    let labels: [Int?] = (0..<90).map { $0 < 84 ? $0 / 7 : nil }

    @Test func aMosaicHoldsDistinctClassesOfAcceptedPicturesAndIsTheSameAloneOrAmongOthers() throws {
        let planner = try MosaicPlanner(labels: labels, gridSize: 2, seed: 5)
        let accepts = { (index: Int) in index % 3 != 0 }
        let all = try (0..<40).map { try planner.items(ofMosaic: $0, accepting: accepts) }
        for items in all {
            #expect(items.count == 4 && Set(items.map { labels[$0]! }).count == 4)
            #expect(items.allSatisfy(accepts))
        }
        // Any mosaic made alone, in any order, by another planner of the same seed, is the one made among the others.
        let again = try MosaicPlanner(labels: labels, gridSize: 2, seed: 5)
        for index in [37, 3, 0, 21] { #expect(try again.items(ofMosaic: index, accepting: accepts) == all[index]) }
        #expect(try MosaicPlanner(labels: labels, gridSize: 2, seed: 6).items(ofMosaic: 3, accepting: accepts) != all[3])
        // Every class and most pictures get their turn.
        #expect(Set(all.flatMap { $0 }.map { labels[$0]! }).count == 12)
        #expect(Set(all.flatMap { $0 }).count > 30)
    }

    /// Each cell is a uniform draw among its class's accepted pictures.
    @Test func acceptedPicturesOfAClassAreDrawnAlike() throws {
        let planner = try MosaicPlanner(labels: [0, 0, 0, 0, 1, 2, 3], gridSize: 2, seed: 1)
        var counts = [0, 0, 0, 0]
        for index in 0..<4000 { counts[try planner.items(ofMosaic: index, accepting: { $0 != 1 }).first { $0 < 4 }!] += 1 }
        #expect(counts[1] == 0)
        for picture in [0, 2, 3] { #expect(abs(counts[picture] - 1333) < 150, "\(counts)") }
    }

    @Test func classesWithoutAcceptedPicturesAreSkippedAndTooFewAreNamed() throws {
        let planner = try MosaicPlanner(labels: labels, gridSize: 2, seed: 2)
        let items = try planner.items(ofMosaic: 0) { labels[$0]! >= 8 }
        #expect(items.allSatisfy { labels[$0]! >= 8 })
        let error = #expect(throws: DatasetError.self) { try planner.items(ofMosaic: 0) { labels[$0]! >= 9 } }
        #expect(error?.description.contains("only 3 of the set's 12 classes") == true)
        let small = #expect(throws: DatasetError.self) { try MosaicPlanner(labels: [0, 1, 2], gridSize: 2, seed: 0) }
        #expect(small?.description.contains("needs 4 distinct classes; the set has pictures of 3") == true)
    }
}
