import Testing
import Tensor
import Networks

struct ChunkingTests {
    let input = sample([5, 3, 8, 8], seed: 21)

    @Test func chunkedForwardAndBackwardEqualTheWholeBatch() throws {
        let network = try SmallNetworks.residualCNN()
        let seed = sample([5, 4], seed: 22)
        #expect(try network.forward(input, chunkSize: 2) == network.forward(input))
        let whole = try network.inputGradient(input, seed: seed, composite: .epsilonPlus())
        let chunked = try network.inputGradient(input, seed: seed, composite: .epsilonPlus(), chunkSize: 2)
        #expect(chunked.maximumAbsoluteDifference(to: whole) < 1e-6)
    }

    @Test func memoryBudgetGivesProportionalBatches() throws {
        let network = try SmallNetworks.residualCNN()
        let perItem = try network.bytesPerItem()
        // One 3×8×8 item: x 192; c1 b1 r1 6×8×8; p1 6×4×4; s c2 r2 sum r3 8×4×4; g f 8; logits 4.
        #expect(perItem == 2 * 4 * (192 + 3 * 384 + 96 + 5 * 128 + 2 * 8 + 4))
        #expect(try network.batchSize(forMemoryBudget: 10 * perItem + 1) == 10)
        #expect(try network.batchSize(forMemoryBudget: 1) == 1)
    }

    @Test func mismatchedSeedsAreNamed() throws {
        let network = try SmallNetworks.residualCNN()
        #expect(throws: NetworkError.self) {
            try network.inputGradient(input, seed: Tensor(shape: [4, 4]), chunkSize: 2)
        }
    }
}
