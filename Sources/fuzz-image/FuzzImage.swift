import Foundation
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

// libFuzzer calls `fuzz` for every input. Under `make fuzz` (built with -sanitize=fuzzer and -DFUZZING)
// main hands control to libFuzzer; in an ordinary build main replays the files named on the command line.
#if FUZZING
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt
#endif

@main enum FuzzDriver {
    static func main() {
        #if FUZZING
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(runFuzzerDriver(&argc, &argv, fuzz))
        #else
        for path in CommandLine.arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else { print("cannot read \(path)"); exit(1) }
            _ = data.withUnsafeBytes { fuzz($0.bindMemory(to: UInt8.self).baseAddress ?? UnsafePointer(bitPattern: 1)!, data.count) }
            print("\(path): no crash")
        }
        #endif
    }
}
