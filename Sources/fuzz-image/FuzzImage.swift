import Foundation
import FuzzDriver
import Imaging

/// Feeds the bytes to the PNG and JPEG decoders. A thrown error is the right answer to garbage;
/// a crash, trap, hang or sanitizer report is a bug. The pixel limit is kept small so that large
/// declared sizes are refused rather than slowly decoded.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? Image(decoding: bytes, limits: DecodingLimits(maxPixels: 1 << 20))
    return 0
}

@main enum Fuzz {
    static func main() { runFuzzTarget(fuzz) }
}
