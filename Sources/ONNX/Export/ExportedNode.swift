#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Networks

/// What an engine operator becomes in ONNX at the export opset: its attributes, and the constant
/// inputs (shapes, axes, bounds) that the engine keeps as properties but ONNX takes as tensors.
struct ExportedNode {
    var attributes: [Onnx_AttributeProto] = []
    /// Inputs after the operator's own data inputs, by role; nil leaves an optional one out.
    var constantInputs: [(role: String, value: Constant?)] = []
    /// A target shape some of whose entries are the batch of the node's second input (Expand).
    var batchShape: (shape: [Int], batchAxes: [Int])?

    mutating func set(_ name: String, _ value: Int) {
        attributes.append(.init(name: name, type: .int) { $0.i = Int64(value) })
    }

    mutating func set(_ name: String, _ values: [Int]) {
        attributes.append(.init(name: name, type: .ints) { $0.ints = values.map(Int64.init) })
    }

    mutating func set(_ name: String, _ value: Float) {
        attributes.append(.init(name: name, type: .float) { $0.f = value })
    }

    mutating func set(_ name: String, _ value: String) {
        attributes.append(.init(name: name, type: .string) { $0.s = Data(value.utf8) })
    }

    mutating func input(_ role: String, integers: [Int]) {
        constantInputs.append((role, Constant(integers: integers)))
    }

    mutating func input(_ role: String, scalar: Float) {
        constantInputs.append((role, Constant(shape: [], elements: [Double(scalar)], elementType: .float)))
    }
}

/// An engine operator that can be written as an ONNX node of the same type.
protocol ONNXExportable {
    func exported() throws -> ExportedNode
}

extension Onnx_AttributeProto {
    init(name: String, type: AttributeType, _ fill: (inout Onnx_AttributeProto) -> Void) {
        self.init()
        self.name = name
        self.type = type
        fill(&self)
    }
}
