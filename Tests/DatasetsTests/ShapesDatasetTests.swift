import Datasets
import Tensor
import Testing

@Suite struct ShapesDatasetTests {
    let dataset = ShapesDataset()

    @Test func sameIndexGivesTheSameSceneAndNeighboursDiffer() throws {
        let first = try dataset.scene(7)
        let again = try ShapesDataset().scene(7)
        let neighbour = try dataset.scene(17)
        #expect(first.image == again.image)
        #expect(first.mask == again.mask)
        #expect(first.label == neighbour.label)
        #expect(first.image != neighbour.image)
    }

    @Test func splitsAndSeedsGiveDifferentScenes() throws {
        let test = try dataset.scene(3, split: .test)
        #expect(try dataset.scene(3, split: .train).image != test.image)
        #expect(try dataset.scene(3, split: .validation).image != test.image)
        #expect(try ShapesDataset(seed: 99).scene(3).image != test.image)
    }

    @Test func sceneIOfAnySplitIsOfClassIModTen() throws {
        for index in 0..<30 {
            #expect(try dataset.scene(index, split: .train).label.rawValue == index % 10)
        }
    }

    @Test(arguments: 0..<40)
    func imagesAreInUnitRangeAndTheMaskIsAnObjectInsideItsBox(index: Int) throws {
        let scene = try dataset.scene(index)
        #expect(scene.image.shape == [3, 64, 64])
        #expect(scene.mask.shape == [1, 64, 64])
        #expect(scene.image.scalars.allSatisfy { (0...1).contains($0) })
        let area = scene.mask.scalars.reduce(0, +)
        // The smallest object (a thin ring, radius 9) still covers ~80 pixels; the largest shape
        // (a circle of radius 16) at most π·16² ≈ 804.
        #expect(area >= 60 && area <= 820, "mask area \(area) of a \(scene.label.name)")
        for row in 0..<64 {
            for column in 0..<64 where scene.mask.scalars[row * 64 + column] > 0 {
                #expect(scene.box.contains(row: row, column: column))
            }
        }
        let boxSide = max(scene.box.bottom - scene.box.top, scene.box.right - scene.box.left)
        #expect(boxSide >= 10 && boxSide <= 33)
    }

    @Test func objectPixelsStandOutFromTheBackgroundAroundThem() throws {
        // The renderer picks colours far from what lies under the object; noise and anti-aliasing
        // blur that a little, so compare the mean object colour with the mean of a ring around it.
        for index in 0..<20 {
            let scene = try dataset.scene(index)
            var inside = [Float](repeating: 0, count: 3), outside = [Float](repeating: 0, count: 3)
            var (insideCount, outsideCount): (Float, Float) = (0, 0)
            let grown = PixelBox(top: max(0, scene.box.top - 3), left: max(0, scene.box.left - 3),
                                 bottom: min(64, scene.box.bottom + 3), right: min(64, scene.box.right + 3))
            for row in grown.top..<grown.bottom {
                for column in grown.left..<grown.right {
                    let offset = row * 64 + column
                    let isObject = scene.mask.scalars[offset] > 0
                    for channel in 0..<3 {
                        let value = scene.image.scalars[channel * 4096 + offset]
                        if isObject { inside[channel] += value } else { outside[channel] += value }
                    }
                    if isObject { insideCount += 1 } else { outsideCount += 1 }
                }
            }
            let difference = zip(inside, outside).map { $0 / insideCount - $1 / outsideCount }
            let distance = difference.map { $0 * $0 }.reduce(0, +).squareRoot()
            #expect(distance > 0.15, "scene \(index): object and surroundings differ by only \(distance)")
        }
    }

    @Test func batchStacksScenesInOrder() throws {
        let batch = try dataset.batch([4, 2, 9])
        #expect(batch.images.shape == [3, 3, 64, 64])
        #expect(batch.masks.shape == [3, 1, 64, 64])
        #expect(batch.labels == [4, 2, 9])
        let second = try dataset.scene(2)
        #expect(Array(batch.images.scalars[(3 * 4096)..<(6 * 4096)]) == second.image.scalars)
    }

    @Test func badRequestsAreClearErrors() throws {
        #expect(throws: DatasetError.indexOutOfRange(10_000, count: 10_000)) { try dataset.scene(10_000) }
        #expect(throws: DatasetError.indexOutOfRange(-1, count: 10_000)) { try dataset.scene(-1) }
        let error = #expect(throws: DatasetError.self) { try ShapeClass(named: "pentagon") }
        #expect(error?.description.contains("circle, square, triangle") == true)
        #expect(try ShapeClass(named: "Star") == .star)
        #expect(throws: DatasetError.self) { try Split(named: "holdout") }
        #expect(throws: DatasetError.self) { try dataset.batch([Int]()) }
    }

    @Test func shapesAreWhatTheirClassSays() throws {
        // Circles fill π/4 of their box and are solid at the centre; rings are hollow there.
        for index in stride(from: 0, to: 200, by: 10) {
            let circle = try dataset.scene(index)
            let ring = try dataset.scene(index + 5)
            #expect(circle.label == .circle && ring.label == .ring)
            #expect(fill(circle) > 0.7 && fill(circle) < 0.86, "circle fill \(fill(circle))")
            #expect(centre(circle) == 1)
            #expect(centre(ring) == 0)
        }
    }

    private func fill(_ scene: Scene) -> Float {
        let box = scene.box
        return scene.mask.scalars.reduce(0, +) / Float((box.bottom - box.top) * (box.right - box.left))
    }

    private func centre(_ scene: Scene) -> Float {
        scene.mask.scalars[(scene.box.top + scene.box.bottom) / 2 * 64 + (scene.box.left + scene.box.right) / 2]
    }
}
