import Crypto
import Foundation

/// HMAC-SHA256 over header, parent header, metadata and content, as the connection file's key dictates.
/// An empty key means unsigned messages (the signature frame is empty).
public struct MessageSigner: Sendable {
    private let key: Data

    public init(key: String) {
        self.key = Data(key.utf8)
    }

    public var isSigning: Bool { !key.isEmpty }

    /// Lower-case hex digest, the form jupyter_client puts on the wire.
    public func signature(of parts: [Data]) -> String {
        guard isSigning else { return "" }
        var hmac = HMAC<SHA256>(key: SymmetricKey(data: key))
        for part in parts { hmac.update(data: part) }
        // By table: String(format:) per byte was a fifth of the kernel's time per execute round trip.
        var hex: [UInt8] = []
        hex.reserveCapacity(2 * SHA256.byteCount)
        for byte in hmac.finalize() { Hex.append(byte, to: &hex) }
        return String(decoding: hex, as: UTF8.self)
    }

    /// Constant-time in the signature's content: every byte is compared, so timing leaks nothing
    /// about how much of a forged signature was right.
    public func verify(_ signature: Data, of parts: [Data]) -> Bool {
        guard isSigning else { return true }
        let expected = Data(self.signature(of: parts).utf8)
        guard expected.count == signature.count else { return false }
        var difference: UInt8 = 0
        for (left, right) in zip(expected, signature) { difference |= left ^ right }
        return difference == 0
    }
}
