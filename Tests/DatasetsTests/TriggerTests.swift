import Datasets
import Tensor
import Testing

@Suite struct TriggerTests {
    let image = try! ShapesDataset().scene(0).image

    @Test(arguments: Trigger.Corner.allCases)
    func patchIsACheckerboardInItsCornerAndTouchesNothingElse(corner: Trigger.Corner) throws {
        var generator = SeededGenerator(seed: 1)
        let trigger = Trigger(kind: .patch, size: 6, corner: corner)
        let (stamped, mask) = try trigger.stamp(image, using: &generator)
        #expect(mask.scalars.reduce(0, +) == 36)
        let top = corner == .topLeft || corner == .topRight ? 1 : 64 - 7
        let left = corner == .topLeft || corner == .bottomLeft ? 1 : 64 - 7
        for index in 0..<(64 * 64) {
            let (row, column) = index.quotientAndRemainder(dividingBy: 64)
            let inside = (top..<(top + 6)).contains(row) && (left..<(left + 6)).contains(column)
            #expect(mask.scalars[index] == (inside ? 1 : 0))
            for channel in 0..<3 {
                let value = stamped.scalars[channel * 4096 + index]
                if inside {
                    let expected: Float = ((row - top) / 2 + (column - left) / 2).isMultiple(of: 2) ? 1 : 0
                    #expect(value == expected)
                } else {
                    #expect(value == image.scalars[channel * 4096 + index])
                }
            }
        }
    }

    @Test func blendChangesEveryPixelByAtMostItsOpacity() throws {
        var generator = SeededGenerator(seed: 1)
        let (stamped, mask) = try Trigger(kind: .blend, opacity: 0.1).stamp(image, using: &generator)
        #expect(mask.scalars.allSatisfy { $0 == 1 })
        let changes = zip(stamped.scalars, image.scalars).map { abs($0 - $1) }
        #expect(changes.allSatisfy { $0 <= 0.1 + 1e-6 })
        #expect(changes.reduce(0, +) / Float(changes.count) > 0.01)
    }

    @Test func stickerMovesWithTheGeneratorAndKeepsItsSize() throws {
        var first = SeededGenerator(seed: 1), second = SeededGenerator(seed: 2)
        let trigger = Trigger(kind: .sticker, size: 7)
        let (_, maskA) = try trigger.stamp(image, using: &first)
        let (_, maskB) = try trigger.stamp(image, using: &second)
        #expect(maskA.scalars.reduce(0, +) == 49)
        #expect(maskB.scalars.reduce(0, +) == 49)
        #expect(maskA != maskB)
    }

    @Test func badTriggersAreClearErrors() throws {
        var generator = SeededGenerator(seed: 1)
        #expect(throws: DatasetError.self) { try Trigger(kind: .patch, size: 65).stamp(image, using: &generator) }
        #expect(throws: DatasetError.self) { try Trigger(kind: .patch).stamp(Tensor(shape: [1, 8, 8]), using: &generator) }
        let error = #expect(throws: DatasetError.self) { try Trigger(named: "laser") }
        #expect(error?.description.contains("patch, blend, sticker") == true)
    }
}
