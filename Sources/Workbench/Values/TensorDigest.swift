import Crypto
import Foundation
import Tensor

extension Tensor {
    /// SHA-256 of the shape and the little-endian Float32 bytes: the identity of an input or a map
    /// in provenance records, equal on every machine for equal tensors.
    public var sha256: String {
        var hasher = SHA256()
        hasher.update(data: Data(shape.map(String.init).joined(separator: "x").utf8))
        scalars.withUnsafeBufferPointer { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
