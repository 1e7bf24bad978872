import Foundation

/// The `main` of every fuzz target. Under `make fuzz` (built with -sanitize=fuzzer and -DFUZZING) it
/// hands control to libFuzzer, which calls `fuzz` for every input; in an ordinary build it replays
/// the files named on the command line through `fuzz`.
public typealias FuzzTarget = @convention(c) (UnsafePointer<UInt8>, Int) -> CInt

#if FUZZING
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: FuzzTarget
) -> CInt
#endif

public func runFuzzTarget(_ fuzz: FuzzTarget) -> Never {
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
    exit(0)
    #endif
}
