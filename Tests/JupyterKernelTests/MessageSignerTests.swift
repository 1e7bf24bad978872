import Foundation
import JupyterKernel
import Testing

@Suite struct MessageSignerTests {
    @Test func signsLikePythonHMAC() {
        let reference = Fixtures.protocolData["hmac"]
        let parts = (reference?["parts"]?.arrayValue ?? []).compactMap(\.stringValue).map { Data($0.utf8) }
        #expect(parts.count == 4)
        let signer = MessageSigner(key: Fixtures.string("hmac", "key"))
        #expect(signer.signature(of: parts) == Fixtures.string("hmac", "hexdigest"))
    }

    @Test func verifiesOwnSignatureAndRejectsTampering() {
        let signer = MessageSigner(key: "k")
        let parts = [Data("{}".utf8), Data("{}".utf8), Data("{}".utf8), Data("{\"code\":\"%who\"}".utf8)]
        let signature = Data(signer.signature(of: parts).utf8)
        #expect(signer.verify(signature, of: parts))
        var tampered = parts
        tampered[3] = Data("{\"code\":\"%del x\"}".utf8)
        #expect(!signer.verify(signature, of: tampered))
        #expect(!signer.verify(Data(), of: parts))
        #expect(!signer.verify(signature.dropLast(), of: parts))
        #expect(!MessageSigner(key: "other").verify(signature, of: parts))
    }

    @Test func emptyKeyMeansUnsigned() {
        let signer = MessageSigner(key: "")
        #expect(!signer.isSigning)
        #expect(signer.signature(of: [Data("x".utf8)]) == "")
        #expect(signer.verify(Data(), of: [Data("x".utf8)]))
    }
}
