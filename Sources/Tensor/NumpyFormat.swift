import Foundation

/// NumPy's .npy format (written as version 1.0, little-endian float32, C order), so maps and
/// logits can be checked in any tool, and reference arrays and preprocessed inputs can come in.
public enum NumpyFormat {
    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    public static func data(of tensor: Tensor) -> Data {
        let shape = tensor.shape.count == 1 ? "(\(tensor.shape[0]),)" : "(" + tensor.shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': \(shape), }"
        // Magic, version, header length, header: a multiple of 64 bytes, ending in a newline.
        let unpadded = magic.count + 2 + 2 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data(magic + [1, 0])
        let length = UInt16(header.utf8.count)
        data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        data.append(contentsOf: Array(header.utf8))
        tensor.scalars.withUnsafeBufferPointer { data.append(UnsafeBufferPointer(start: UnsafeRawPointer($0.baseAddress!)
                .assumingMemoryBound(to: UInt8.self), count: $0.count * 4)) }
        return data
    }

    /// The array in the file at `url`.
    public static func tensor(contentsOf url: URL) throws -> Tensor {
        try tensor(from: try Data(contentsOf: url))
    }

    /// A float32 (or float64, converted) C-order array; anything else is a `TensorError`.
    public static func tensor(from data: Data) throws -> Tensor {
        let bytes = [UInt8](data)
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else { throw TensorError.invalidArgument("not a .npy file (no NUMPY magic)") }
        let (major, headerStart) = (bytes[6], bytes[6] == 1 ? 10 : 12)
        guard major >= 1, major <= 3, bytes.count >= headerStart else { throw TensorError.invalidArgument("unsupported .npy version \(major)") }
        let length = major == 1 ? Int(bytes[8]) | Int(bytes[9]) << 8
                                 : Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
        guard headerStart + length <= bytes.count, let header = String(bytes: bytes[headerStart..<(headerStart + length)], encoding: .utf8) else {
            throw TensorError.invalidArgument("the .npy header is cut short")
        }
        guard !header.contains("'fortran_order': True") else { throw TensorError.invalidArgument("Fortran-order arrays are not supported; save with np.ascontiguousarray") }
        let width: Int
        if header.contains("'<f4'") { width = 4 } else if header.contains("'<f8'") { width = 8 } else {
            throw TensorError.invalidArgument("only little-endian float32 or float64 arrays are supported, the header says \(header.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        guard let open = header.range(of: "'shape': ("), let close = header[open.upperBound...].firstIndex(of: ")") else {
            throw TensorError.invalidArgument("the .npy header has no shape")
        }
        let shape = try header[open.upperBound..<close].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.map { text -> Int in
                guard let size = Int(text), size >= 0, size < 1 << 31 else { throw TensorError.invalidArgument("bad dimension '\(text)' in the .npy shape") }
                return size
            }
        let count = shape.reduce(1) { $0.multipliedReportingOverflow(by: $1).overflow ? Int.max : $0 * $1 }
        let body = bytes[(headerStart + length)...]
        guard count < Int.max / width, body.count == count * width else {
            throw TensorError.invalidArgument("the .npy data holds \(body.count) bytes; shape \(shape) needs \(count == Int.max ? -1 : count * width)")
        }
        let scalars: [Float] = body.withUnsafeBytes { raw in
            width == 4 ? (0..<count).map { raw.loadUnaligned(fromByteOffset: $0 * 4, as: Float.self) }
                       : (0..<count).map { Float(raw.loadUnaligned(fromByteOffset: $0 * 8, as: Double.self)) }
        }
        return try Tensor(shape: shape, scalars: scalars)
    }
}
