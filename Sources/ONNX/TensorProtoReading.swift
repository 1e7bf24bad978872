#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Constant {
    /// Reads an initializer or a Constant node's value, from its typed fields or its little-endian raw bytes.
    init(_ proto: Onnx_TensorProto, name: String) throws {
        guard proto.dataLocation != .external else {
            throw ONNXError.invalidTensor(name: name, message: "its data lives in an external file, which this importer does not read")
        }
        guard proto.dims.allSatisfy({ $0 >= 0 && $0 < Int64(Int32.max) }) else {
            throw ONNXError.invalidTensor(name: name, message: "invalid dimensions \(proto.dims)")
        }
        let shape = proto.dims.map { Int($0) }
        let (count, overflow) = shape.reduce((1, false)) { partial, dimension in
            let product = partial.0.multipliedReportingOverflow(by: dimension)
            return (product.partialValue, partial.1 || product.overflow)
        }
        guard !overflow else { throw ONNXError.invalidTensor(name: name, message: "shape \(shape) is too large") }
        guard let type = Onnx_TensorProto.DataType(rawValue: Int(proto.dataType)) else {
            throw ONNXError.invalidTensor(name: name, message: "unknown element type \(proto.dataType)")
        }
        let elements: [Double]
        let elementType: ElementType
        switch type {
        case .float:
            elementType = .float
            elements = proto.hasRawData ? try Constant.decode(proto.rawData, as: Float.self, count: count, name: name).map(Double.init)
                                        : proto.floatData.map(Double.init)
        case .double:
            elementType = .float
            elements = proto.hasRawData ? try Constant.decode(proto.rawData, as: Double.self, count: count, name: name) : proto.doubleData
        case .int64:
            elementType = .integer
            elements = proto.hasRawData ? try Constant.decode(proto.rawData, as: Int64.self, count: count, name: name).map(Double.init)
                                        : proto.int64Data.map(Double.init)
        case .int32, .int16, .int8, .uint8, .uint16, .bool:
            elementType = type == .bool ? .boolean : .integer
            elements = proto.hasRawData ? try Constant.decodeNarrowIntegers(proto.rawData, type: type, count: count, name: name)
                                        : proto.int32Data.map(Double.init)
        default:
            throw ONNXError.invalidTensor(name: name, message: "element type \(type) is not supported (float, double and integer types are)")
        }
        guard elements.count == count else {
            throw ONNXError.invalidTensor(name: name, message: "shape \(shape) needs \(count) elements, the file holds \(elements.count)")
        }
        self.init(shape: shape, elements: elements, elementType: elementType)
    }

    private static func decode<Element>(_ data: Data, as _: Element.Type, count: Int, name: String) throws -> [Element] {
        let size = MemoryLayout<Element>.size
        guard data.count == count * size else {
            throw ONNXError.invalidTensor(name: name, message: "\(data.count) raw bytes for \(count) elements of \(size) bytes")
        }
        // ONNX raw data is little-endian, as is every platform this package builds for.
        return data.withUnsafeBytes { bytes in
            (0..<count).map { bytes.loadUnaligned(fromByteOffset: $0 * size, as: Element.self) }
        }
    }

    private static func decodeNarrowIntegers(_ data: Data, type: Onnx_TensorProto.DataType, count: Int, name: String) throws -> [Double] {
        switch type {
        case .int32: try decode(data, as: Int32.self, count: count, name: name).map(Double.init)
        case .int16: try decode(data, as: Int16.self, count: count, name: name).map(Double.init)
        case .uint16: try decode(data, as: UInt16.self, count: count, name: name).map(Double.init)
        case .int8: try decode(data, as: Int8.self, count: count, name: name).map(Double.init)
        default: try decode(data, as: UInt8.self, count: count, name: name).map(Double.init)
        }
    }
}
