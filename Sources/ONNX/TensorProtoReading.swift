#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Constant {
    /// Reads an initializer or a Constant node's value, from its typed fields, its little-endian raw
    /// bytes, or the external file its `external_data` names inside `folder`.
    init(_ proto: Onnx_TensorProto, name: String, externalData folder: ExternalDataFolder) throws {
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
        let elementType: ElementType = switch type {
        case .float, .double: .float
        case .int64, .int32, .int16, .int8, .uint8, .uint16: .integer
        case .bool: .boolean
        default: throw ONNXError.invalidTensor(name: name, message: "element type \(type) is not supported (float, double and integer types are)")
        }
        let elements: [Double]
        if proto.dataLocation == .external {
            let reference = try ExternalDataReference(proto, name: name)
            elements = try folder.withBytes(of: reference, tensor: name) { try Constant.decode($0, type: type, count: count, name: name) }
        } else if proto.hasRawData {
            elements = try proto.rawData.withUnsafeBytes { try Constant.decode($0, type: type, count: count, name: name) }
        } else {
            elements = switch type {
            case .float: proto.floatData.map(Double.init)
            case .double: proto.doubleData
            case .int64: proto.int64Data.map(Double.init)
            default: proto.int32Data.map(Double.init)
            }
        }
        guard elements.count == count else {
            throw ONNXError.invalidTensor(name: name, message: "shape \(shape) needs \(count) elements, the file holds \(elements.count)")
        }
        self.init(shape: shape, elements: elements, elementType: elementType, dataType: type)
    }

    /// Little-endian bytes of `count` elements of `type`, as ONNX's raw_data and external files hold them.
    private static func decode(_ bytes: UnsafeRawBufferPointer, type: Onnx_TensorProto.DataType, count: Int, name: String) throws -> [Double] {
        switch type {
        case .float: try decode(bytes, as: Float.self, count: count, name: name).map(Double.init)
        case .double: try decode(bytes, as: Double.self, count: count, name: name)
        case .int64: try decode(bytes, as: Int64.self, count: count, name: name).map(Double.init)
        case .int32: try decode(bytes, as: Int32.self, count: count, name: name).map(Double.init)
        case .int16: try decode(bytes, as: Int16.self, count: count, name: name).map(Double.init)
        case .uint16: try decode(bytes, as: UInt16.self, count: count, name: name).map(Double.init)
        case .int8: try decode(bytes, as: Int8.self, count: count, name: name).map(Double.init)
        default: try decode(bytes, as: UInt8.self, count: count, name: name).map(Double.init)
        }
    }

    private static func decode<Element>(_ bytes: UnsafeRawBufferPointer, as _: Element.Type, count: Int, name: String) throws -> [Element] {
        let size = MemoryLayout<Element>.size
        let (total, overflow) = count.multipliedReportingOverflow(by: size)
        guard !overflow, bytes.count == total else {
            throw ONNXError.invalidTensor(name: name, message: "\(bytes.count) raw bytes for \(count) elements of \(size) bytes")
        }
        // ONNX raw data is little-endian, as is every platform this package builds for.
        return (0..<count).map { bytes.loadUnaligned(fromByteOffset: $0 * size, as: Element.self) }
    }
}
