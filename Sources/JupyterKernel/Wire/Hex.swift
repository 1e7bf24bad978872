/// Lower-case hexadecimal digits, appended byte by byte: for signatures and JSON's \u escapes.
enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    static func append(_ byte: UInt8, to output: inout [UInt8]) {
        output.append(digits[Int(byte >> 4)])
        output.append(digits[Int(byte & 0xF)])
    }
}
