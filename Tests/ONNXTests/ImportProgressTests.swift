import Foundation
import ONNX
import Testing

/// The importer reports its progress node by node, and a report that throws (an interrupt) ends it.
@Suite struct ImportProgressTests {
    struct Stop: Error {}

    @Test func reportsEveryNodeUpToTheWhole() throws {
        let bytes = [UInt8](try Data(contentsOf: Fixture.directory.appendingPathComponent("resnet_tiny_opset17.onnx")))
        var fractions: [Double] = []
        _ = try ONNXModel.network(fromBytes: bytes) { fractions.append($0) }
        #expect(fractions.count > 10)
        #expect(zip(fractions, fractions.dropFirst()).allSatisfy { $0 < $1 })
        #expect(fractions.last == 1)
    }

    /// Also when the graph fixes its batch: the interrupt ends the search for a re-batching and is not
    /// taken for a reason to import the graph as the file says instead.
    @Test(arguments: ["resnet_tiny_opset17.onnx", "importer/fixed/vit_dynamo.onnx"])
    func aThrowingReportEndsTheImport(_ file: String) throws {
        let bytes = [UInt8](try Data(contentsOf: Fixture.directory.appendingPathComponent(file)))
        var reports = 0
        #expect(throws: Stop.self) {
            _ = try ONNXModel.network(fromBytes: bytes) { _ in
                reports += 1
                if reports == 3 { throw Stop() }
            }
        }
        #expect(reports == 3)
    }
}
