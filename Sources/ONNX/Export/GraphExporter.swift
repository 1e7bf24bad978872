#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Networks
import Tensor

/// Writes a network as an ONNX model that onnxruntime and this importer load: parameters become
/// initializers, each node keeps its name and type, and the metadata becomes metadata_props.
struct GraphExporter {
    /// Opset 20 is the first with Gelu; the engine's other operators exist in it unchanged.
    static let opset = 20
    /// The IR version that goes with opset 20.
    static let irVersion = 9

    private var graph = Onnx_GraphProto()

    static func model(_ network: Network, producerVersion: String) throws -> Onnx_ModelProto {
        var exporter = GraphExporter()
        try exporter.write(network)
        var model = Onnx_ModelProto()
        model.irVersion = Int64(irVersion)
        model.producerName = "Saliency Workbench"
        model.producerVersion = producerVersion
        model.opsetImport = [Onnx_OperatorSetIdProto.with { $0.version = Int64(opset) }]
        model.graph = exporter.graph
        model.metadataProps = network.metadata.sorted { $0.key < $1.key }.map { entry in
            Onnx_StringStringEntryProto.with {
                $0.key = entry.key
                $0.value = entry.value
            }
        }
        return model
    }

    private mutating func write(_ network: Network) throws {
        graph.name = "network"
        graph.input = network.inputs.map { info in
            Onnx_ValueInfoProto.with {
                $0.name = info.name
                $0.type.tensorType.elemType = Int32(Onnx_TensorProto.DataType.float.rawValue)
                $0.type.tensorType.shape.dim = info.shape.map { size in
                    Onnx_TensorShapeProto.Dimension.with { if size < 0 { $0.dimParam = "batch" } else { $0.dimValue = Int64(size) } }
                }
            }
        }
        // Output shapes from one run at batch 1; the batch stays symbolic where the input's is.
        let layers = try network.layers()
        let symbolicBatch = network.inputs.first?.shape.first.map { $0 < 0 } ?? false
        graph.output = network.outputs.map { name in
            let shape = layers.first { layer in network.nodes.contains { $0.name == layer.name && $0.output == name } }?.outputShape
            return Onnx_ValueInfoProto.with {
                $0.name = name
                $0.type.tensorType.elemType = Int32(Onnx_TensorProto.DataType.float.rawValue)
                $0.type.tensorType.shape.dim = (shape ?? []).enumerated().map { axis, size in
                    Onnx_TensorShapeProto.Dimension.with {
                        if axis == 0 && symbolicBatch { $0.dimParam = "batch" } else { $0.dimValue = Int64(size) }
                    }
                }
            }
        }
        graph.initializer = network.parameters.sorted { $0.key < $1.key }.map { GraphExporter.tensor($0.value, name: $0.key) }
        for node in network.nodes { try write(node) }
    }

    private mutating func write(_ node: Node) throws {
        guard let exportable = node.op as? any ONNXExportable else {
            throw ONNXError.unsupportedModel("node '\(node.name)': operator \(node.op.type) has no ONNX export")
        }
        let exported = try exportable.exported()
        var inputs = node.inputs
        if let (shape, batchAxes) = exported.batchShape, inputs.count == 2 {
            inputs[1] = try batchShape(shape, batchAxes: batchAxes, of: inputs[1], for: node.name)
        }
        for (role, value) in exported.constantInputs {
            guard let value else {
                inputs.append("")
                continue
            }
            let name = "\(node.name)/\(role)"
            graph.initializer.append(try GraphExporter.tensor(value, name: name))
            inputs.append(name)
        }
        graph.node.append(Onnx_NodeProto.with {
            $0.name = node.name
            $0.opType = node.op.type
            $0.input = inputs
            $0.output = node.outputs
            $0.attribute = exported.attributes
        })
    }

    /// Nodes computing `shape` with the entries at `batchAxes` replaced by the batch of `source`.
    private mutating func batchShape(_ shape: [Int], batchAxes: [Int], of source: String, for node: String) throws -> String {
        let batch = "\(node)/batch"
        graph.node.append(Onnx_NodeProto.with {
            $0.name = batch
            $0.opType = "Shape"
            $0.input = [source]
            $0.output = [batch]
            $0.attribute = [.init(name: "end", type: .int) { $0.i = 1 }]
        })
        let pieces = try shape.indices.map { axis -> String in
            if batchAxes.contains(axis) { return batch }
            let name = "\(node)/shape\(axis)"
            graph.initializer.append(try GraphExporter.tensor(Constant(integers: [shape[axis]]), name: name))
            return name
        }
        let target = "\(node)/shape"
        graph.node.append(Onnx_NodeProto.with {
            $0.name = target
            $0.opType = "Concat"
            $0.input = pieces
            $0.output = [target]
            $0.attribute = [.init(name: "axis", type: .int) { $0.i = 0 }]
        })
        return target
    }

    static func tensor(_ tensor: Tensor, name: String) -> Onnx_TensorProto {
        Onnx_TensorProto.with {
            $0.name = name
            $0.dims = tensor.shape.map(Int64.init)
            $0.dataType = Int32(Onnx_TensorProto.DataType.float.rawValue)
            $0.rawData = tensor.scalars.withUnsafeBufferPointer { Data(buffer: $0) }
        }
    }

    static func tensor(_ constant: Constant, name: String) throws -> Onnx_TensorProto {
        if constant.elementType == .float {
            return tensor(try constant.tensor, name: name)
        }
        return Onnx_TensorProto.with {
            $0.name = name
            $0.dims = constant.shape.map(Int64.init)
            $0.dataType = Int32(Onnx_TensorProto.DataType.int64.rawValue)
            $0.int64Data = constant.integers.map(Int64.init)
        }
    }
}
