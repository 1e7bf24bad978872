import Foundation
import FuzzDriver
import ONNX

/// Feeds the bytes to the ONNX importer, as a model file would. A thrown error is the right answer
/// to garbage; a crash, trap, hang or sanitizer report is a bug.
///
/// The model "lives" in a scratch folder made once per process (`ExternalDataScene`), so that the
/// external data locations, offsets and lengths a mutated model names are resolved for real: a data
/// file, a subfolder, symbolic links inside and outside the folder, a FIFO and a directory.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? ONNXModel.network(fromBytes: bytes, folder: ExternalDataScene.folder)
    return 0
}

/// The scratch folder the fuzzed models' external data is resolved in. Its `weights.bin` holds the
/// bytes the seed models of tools/make_fuzz_seeds.py point at: float32 values 0.001·i, i = 0…1023.
enum ExternalDataScene {
    static let folder: URL = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-onnx-\(getpid())/model")
        let manager = FileManager.default
        try? manager.createDirectory(at: folder.appendingPathComponent("sub"), withIntermediateDirectories: true)
        let weights = (0..<1024).map { Float($0) * 0.001 }.withUnsafeBytes { Data($0) }
        try? weights.write(to: folder.appendingPathComponent("weights.bin"))
        try? weights.prefix(64).write(to: folder.appendingPathComponent("sub/small.bin"))
        try? Data("outside the model's folder".utf8).write(to: folder.deletingLastPathComponent().appendingPathComponent("secret.bin"))
        try? manager.createSymbolicLink(atPath: folder.appendingPathComponent("inside.bin").path, withDestinationPath: "weights.bin")
        try? manager.createSymbolicLink(atPath: folder.appendingPathComponent("escape.bin").path, withDestinationPath: "../secret.bin")
        try? manager.createSymbolicLink(atPath: folder.appendingPathComponent("absolute.bin").path, withDestinationPath: "/etc/hostname")
        try? manager.createDirectory(at: folder.appendingPathComponent("folder.bin"), withIntermediateDirectories: true)
        _ = mkfifo(folder.appendingPathComponent("pipe.bin").path, 0o600)
        try? Data().write(to: folder.appendingPathComponent("empty.bin"))
        return folder
    }()
}

@main enum Fuzz {
    static func main() { runFuzzTarget(fuzz) }
}
