import Foundation
import FuzzDriver
import ONNX

/// Feeds the bytes to the ONNX importer, as a model file would. A thrown error is the right answer
/// to garbage; a crash, trap, hang or sanitizer report is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? ONNXModel.network(fromBytes: bytes)
    return 0
}

@main enum Fuzz {
    static func main() { runFuzzTarget(fuzz) }
}
