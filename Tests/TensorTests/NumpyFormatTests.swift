import Foundation
import Tensor
import Testing

/// Files NumPy reads and writes; the fixtures of the ONNX and attribution tests, written by NumPy,
/// exercise reading its output.
struct NumpyFormatTests {
    @Test func writesWhatItReads() throws {
        let tensor = try Tensor(shape: [2, 3], scalars: [1, -2.5, 3, .infinity, 0, 1e-30])
        let data = NumpyFormat.data(of: tensor)
        // NumPy's layout: magic, version 1.0, a header padded to a multiple of 64 bytes.
        #expect(Array(data.prefix(8)) == [0x93] + Array("NUMPY".utf8) + [1, 0])
        #expect((10 + Int(data[8]) + Int(data[9]) << 8) % 64 == 0)
        #expect(try NumpyFormat.tensor(from: data) == tensor)
    }

    @Test func readsFloat64AndRefusesWhatItCannotRead() throws {
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }"
        header += String(repeating: " ", count: (64 - (10 + header.count + 1) % 64) % 64) + "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count), 0] + Array(header.utf8))
        for value in [1.5, -2.0] { withUnsafeBytes(of: value) { data.append(contentsOf: $0) } }
        #expect(try NumpyFormat.tensor(from: data) == Tensor(shape: [2], scalars: [1.5, -2]))
        #expect(throws: TensorError.self) { try NumpyFormat.tensor(from: data.prefix(data.count - 3)) }
        #expect(throws: TensorError.self) { try NumpyFormat.tensor(from: Data("not numpy at all".utf8)) }
        let integers = Data(String(decoding: data, as: UTF8.self).utf8)
        #expect(throws: TensorError.self) { try NumpyFormat.tensor(from: integers) }
    }
}
