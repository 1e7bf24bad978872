import Foundation
import Tensor

/// Reads the little-endian float32, C-order .npy files that the fixture scripts write.
enum NumpyFile {
    struct FormatError: Error, CustomStringConvertible {
        var description: String
    }

    static func tensor(at url: URL) throws -> Tensor {
        let bytes = [UInt8](try Data(contentsOf: url))
        guard bytes.count > 10, bytes[0] == 0x93, Array(bytes[1...5]) == Array("NUMPY".utf8) else {
            throw FormatError(description: "\(url.lastPathComponent) is not a .npy file")
        }
        let major = bytes[6]
        let headerLength = major == 1 ? Int(bytes[8]) | Int(bytes[9]) << 8
                                      : Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
        let headerStart = major == 1 ? 10 : 12
        let header = String(decoding: bytes[headerStart..<(headerStart + headerLength)], as: UTF8.self)
        guard header.contains("'descr': '<f4'"), header.contains("'fortran_order': False"),
              let open = header.range(of: "'shape': ("), let close = header[open.upperBound...].firstIndex(of: ")") else {
            throw FormatError(description: "\(url.lastPathComponent): expected little-endian float32 in C order, header \(header)")
        }
        let shape = header[open.upperBound..<close].split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let dataStart = headerStart + headerLength
        let count = shape.reduce(1, *)
        guard bytes.count - dataStart == count * 4 else {
            throw FormatError(description: "\(url.lastPathComponent): \(bytes.count - dataStart) data bytes for shape \(shape)")
        }
        let scalars = bytes[dataStart...].withUnsafeBytes { raw in
            (0..<count).map { raw.loadUnaligned(fromByteOffset: $0 * 4, as: Float.self) }
        }
        return try Tensor(shape: shape, scalars: scalars)
    }
}
