import Foundation
import Networks
import ONNX
import Testing
import Tensor

/// Bad files and bad inputs end in errors that say what was wrong, never in a crash.
@Suite struct ImportErrorTests {
    let resnet = [UInt8](try! Data(contentsOf: Fixture.directory.appendingPathComponent("resnet_tiny_opset11.onnx")))

    @Test func emptyAndGarbageBytesAreCorruptFiles() {
        #expect(throws: ONNXError.corruptFile("the file is empty")) { try ONNXModel.network(fromBytes: []) }
        var generator = SeededGenerator(seed: 5)
        for length in [1, 7, 100, 4096] {
            let garbage = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            #expect(throws: ONNXError.self) { try ONNXModel.network(fromBytes: garbage) }
        }
    }

    @Test func everyTruncationIsAnError() {
        for length in stride(from: 0, to: resnet.count, by: 331) {
            #expect(throws: ONNXError.self, "cut at \(length) of \(resnet.count) bytes") {
                try ONNXModel.network(fromBytes: Array(resnet[..<length]))
            }
        }
    }

    @Test func truncationInsideAWeightNamesTheFileAsCorrupt() throws {
        let error = try #require(throws: ONNXError.self) { try ONNXModel.network(fromBytes: Array(resnet[..<(resnet.count / 2)])) }
        #expect(error.description.contains("truncated"), "\(error)")
    }

    @Test func unsupportedOperatorIsNamedWithItsNodeOpsetAndTheSupportedList() throws {
        var builder = ModelBuilder()
        builder.add("Relu", name: "first", inputs: ["x"], outputs: ["a"])
        builder.add("GridSample", name: "mystery", inputs: ["a"], outputs: ["y"])
        let error = try #require(throws: ONNXError.self) { try ONNXModel.network(fromBytes: try builder.bytes(output: "y")) }
        #expect(error == .unsupportedOperator(type: "GridSample", domain: "ai.onnx", node: "mystery", opset: 17))
        #expect(error.description.hasPrefix("node 'mystery': operator GridSample (opset 17) is not supported. Supported operators: "), "\(error)")
        let listed = error.description.components(separatedBy: "Supported operators: ")[1].components(separatedBy: ", ")
        #expect(listed == listed.sorted() && listed.contains("Conv") && listed.contains("Shape") && !listed.contains("GridSample"), "\(listed)")
    }

    @Test func unsupportedOpsetsAreNamedWithTheSupportedRange() throws {
        for opset: Int64 in [6, 29] {
            var builder = ModelBuilder()
            builder.add("Relu", name: "first", inputs: ["x"], outputs: ["y"])
            builder.opset = opset
            #expect(throws: ONNXError.unsupportedModel("opset \(opset); this importer reads opsets 7–28")) {
                try ONNXModel.network(fromBytes: try builder.bytes(output: "y"))
            }
        }
    }

    @Test func customDomainOperatorsAreCalledRuntimeExtensions() throws {
        for (domain, wording) in [("com.microsoft", "onnxruntime-specific extension"), ("org.example", "custom domain 'org.example'")] {
            var custom = ModelBuilder()
            custom.add("Relu", name: "first", inputs: ["x"], outputs: ["y"])
            var model = custom.model(output: "y")
            model.graph.node[0].domain = domain
            var entry = Onnx_OperatorSetIdProto()
            (entry.domain, entry.version) = (domain, 1)
            model.opsetImport.append(entry)
            let error = try #require(throws: ONNXError.self) { try ONNXModel.network(fromBytes: try model.serializedBytes()) }
            #expect(error == .unsupportedOperator(type: "Relu", domain: domain, node: "first", opset: 1))
            #expect(error.description.contains(wording) && error.description.contains("Supported operators: "), "\(error)")
        }
    }

    @Test func missingTensorAndBadAttributesNameTheNode() throws {
        var builder = ModelBuilder()
        builder.add("Add", name: "adder", inputs: ["x", "nowhere"], outputs: ["y"])
        #expect(throws: ONNXError.invalidNode(node: "adder", type: "Add",
                                              message: "reads 'nowhere', which no initializer, input or earlier node provides")) {
            try ONNXModel.network(fromBytes: try builder.bytes(output: "y"))
        }
        var pooling = ModelBuilder()
        pooling.inputShape = [1, 1, 4, 4]
        pooling.add("MaxPool", name: "pool", inputs: ["x"], outputs: ["y"], attributes: [ModelBuilder.ints("kernel_shape", [2, 2, 2])])
        #expect(throws: ONNXError.invalidNode(node: "pool", type: "MaxPool", message: "kernel_shape must be two positive sizes")) {
            try ONNXModel.network(fromBytes: try pooling.bytes(output: "y"))
        }
    }

    @Test func weightOfTheWrongSizeFailsAtLoadNamingTheShapes() throws {
        var builder = ModelBuilder()
        builder.initializer("w", shape: [3, 2], values: [1, 2, 3, 4, 5, 6])
        builder.add("MatMul", name: "project", inputs: ["x", "w"], outputs: ["y"])
        let error = try #require(throws: ONNXError.self) { try ONNXModel.network(fromBytes: try builder.bytes(output: "y")) }
        #expect(error.description.contains("project") && error.description.contains("[1, 4]") && error.description.contains("[3, 2]"),
                "\(error)")
    }

    @Test func wrongInputShapeAtRunTimeNamesBothShapes() throws {
        let network = try ONNXModel.network(fromBytes: resnet)
        let error = try #require(throws: NetworkError.self) { try network.forward(Tensor(shape: [1, 3, 16, 16])) }
        #expect(error == .invalidInput("input 'input' expects shape [-1, 3, 32, 32], got [1, 3, 16, 16]"))
    }

    /// Found by fuzzing: pads read from the file sized a probe activation of gigabytes at load time.
    @Test func paddingOrExpandingBeyondTheProbeBudgetIsRefusedBeforeAllocating() throws {
        func int64s(_ name: String, _ values: [Int64]) -> Onnx_TensorProto {
            var tensor = Onnx_TensorProto()
            tensor.name = name
            tensor.dims = [Int64(values.count)]
            tensor.dataType = Int32(Onnx_TensorProto.DataType.int64.rawValue)
            tensor.int64Data = values
            return tensor
        }
        var padding = ModelBuilder()
        padding.inputShape = [1, 3, 12, 12]
        padding.initializers.append(int64s("pads", [0, 0, 0, 1_245_186, 0, 0, 0, 1]))
        padding.add("Pad", name: "widen", inputs: ["x", "pads"], outputs: ["y"])
        let padError = try #require(throws: ONNXError.self) { try ONNXModel.network(fromBytes: try padding.bytes(output: "y")) }
        #expect(padError.description.contains("widen") && padError.description.contains("[1, 3, 12, 1245199]"), "\(padError)")

        var expanding = ModelBuilder()
        expanding.inputShape = [1, 4]
        expanding.initializers.append(int64s("shape", [100_000, 100_000, 4]))
        expanding.add("Expand", name: "grow", inputs: ["x", "shape"], outputs: ["y"])
        let expandError = try #require(throws: ONNXError.self) { try ONNXModel.network(fromBytes: try expanding.bytes(output: "y")) }
        #expect(expandError.description.contains("grow") && expandError.description.contains("at most"), "\(expandError)")

        var modest = ModelBuilder()
        modest.inputShape = [1, 3, 12, 12]
        modest.initializers.append(int64s("pads", [0, 0, 1, 1, 0, 0, 1, 1]))
        modest.add("Pad", name: "widen", inputs: ["x", "pads"], outputs: ["y"])
        #expect(try ONNXModel.network(fromBytes: try modest.bytes(output: "y")).forward(Tensor(shape: [1, 3, 12, 12])).shape == [1, 3, 14, 14])
    }
}
