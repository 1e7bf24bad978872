import Foundation
import JupyterKernel
import Testing

@Suite struct ReplayGuardTests {
    @Test func admitsEachSignatureOnce() {
        let guardian = ReplayGuard()
        #expect(guardian.admit(Data("a".utf8)))
        #expect(guardian.admit(Data("b".utf8)))
        #expect(!guardian.admit(Data("a".utf8)))
        #expect(!guardian.admit(Data("b".utf8)))
    }

    @Test func forgetsTheOldestWhenFull() {
        let guardian = ReplayGuard(capacity: 10)
        for index in 0..<10 { #expect(guardian.admit(Data([UInt8(index)]))) }
        // The eleventh culls the oldest tenth (one signature): 0 may come again, 1...9 may not.
        #expect(guardian.admit(Data([10])))
        #expect(guardian.admit(Data([0])))
        #expect(!guardian.admit(Data([5])))
    }
}
