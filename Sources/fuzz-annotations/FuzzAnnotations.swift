import Datasets
import FuzzDriver

/// Feeds the bytes to the parsers of a labelled set's annotation files: the CSV list and Pascal VOC XML
/// (through the XML parser beneath it). A thrown error is the right answer to garbage; a crash, trap, hang
/// or sanitizer report is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? CSVTable.rows(String(decoding: bytes, as: UTF8.self))
    _ = try? VOCAnnotation(xml: bytes)
    return 0
}

@main enum Fuzz {
    static func main() { runFuzzTarget(fuzz) }
}
