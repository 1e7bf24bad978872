import Foundation
import FuzzDriver
import JupyterKernel

/// The key of the signed fixture in Tests/JupyterKernelTests/Fixtures/protocol.json.
let key = "a0436f6c-1916-498b-8eb9-e81ab9368e84"

/// Feeds the bytes to the wire codec as a multipart message. The first byte picks the mode, the rest
/// is split into frames at each NUL byte (JSON never holds a raw NUL):
/// - mode 0: unsigned connection (empty key), so the JSON parts are always parsed;
/// - mode 1: signed connection, frames as given (the signature check is what gets fuzzed);
/// - mode 2: signed connection, the harness signs the four parts after the delimiter itself, so the
///   fuzzer gets past the HMAC to the JSON parts and the replay guard.
/// A decoded message is encoded and decoded again. A thrown WireError is the right answer to garbage;
/// a crash, trap, hang or sanitizer report is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let mode = data[0] % 3
    let rest = UnsafeBufferPointer(start: data + 1, count: size - 1)
    var frames = rest.split(separator: 0, omittingEmptySubsequences: false).map { Data($0) }
    let signer = MessageSigner(key: mode == 0 ? "" : key)
    if mode == 2, let split = frames.firstIndex(of: Data("<IDS|MSG>".utf8)), frames.count >= split + 6 {
        frames[split + 1] = Data(signer.signature(of: Array(frames[(split + 2)...(split + 5)])).utf8)
    }
    let codec = WireCodec(signer: signer, replayGuard: ReplayGuard(capacity: 4))
    guard let message = try? codec.decode(frames) else { return 0 }
    // What the codec accepted it must write out again in a form it accepts (a fresh guard: no replay).
    let again = WireCodec(signer: signer, replayGuard: ReplayGuard(capacity: 4))
    guard (try? again.decode(again.encode(message))) != nil else { fatalError("re-encoded message refused") }
    return 0
}

@main enum Fuzz {
    static func main() { runFuzzTarget(fuzz) }
}
