import Foundation
import Networks
import ONNX
import Testing
import Tensor

/// Weights in a file beside the model (the dynamo exporter's `model.onnx.data`), read from the
/// model's folder only.
@Suite struct ExternalDataTests {
    struct Case: ImporterFixture {
        static let folder = "external"
        static let all: [Case] = manifest()
        let name: String
        let externalFiles: [String]
    }

    @Test(arguments: Case.all)
    func exportedModelsMatchOnnxruntimeAndNameTheirDataFiles(_ fixture: Case) throws {
        let imported = try ONNXModel.imported(contentsOf: fixture.url)
        let logits = try imported.network.forward(try fixture.reference("input"))
        #expect(relativeDifference(logits, try fixture.reference("logits")) <= 1e-4)
        // One entry per file however many tensors it holds: each file is mapped once.
        #expect(imported.summary.externalDataFiles.map(\.location) == fixture.externalFiles)
    }

    @Test func bytesWithoutAFolderRefuseExternalDataNamingTheTensorAndFile() throws {
        let url = Case.directory.appendingPathComponent("cnn_dynamo.onnx")
        let error = try #require(throws: ONNXError.self) { try ONNXModel.network(fromBytes: [UInt8](Data(contentsOf: url))) }
        #expect(error.description.contains("cnn_dynamo.onnx.data") && error.description.contains("from bytes"), "\(error)")
    }

    /// A scratch folder holding `model/weights.bin` (16 floats) and a secret beside `model/`.
    private func scene() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("external-data-\(UUID().uuidString)")
        let folder = root.appendingPathComponent("model")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try (0..<16).map { Float($0) }.withUnsafeBytes { Data($0) }.write(to: folder.appendingPathComponent("weights.bin"))
        try (0..<16).map { Float(-$0) }.withUnsafeBytes { Data($0) }.write(to: root.appendingPathComponent("secret.bin"))
        return folder
    }

    /// y = x · w for x of shape 1×4 and w (4×2) read from `location`.
    private func model(location: String, offset: Int? = nil, length: Int? = 32) throws -> [UInt8] {
        var builder = ModelBuilder()
        builder.externalInitializer("w", shape: [4, 2], location: location, offset: offset, length: length)
        builder.add("MatMul", name: "project", inputs: ["x", "w"], outputs: ["y"])
        return try builder.bytes(output: "y")
    }

    @Test func weightsAreReadAtTheirOffset() throws {
        let folder = try scene()
        let network = try ONNXModel.network(fromBytes: try model(location: "weights.bin", offset: 16), folder: folder)
        let y = try network.forward(Tensor(shape: [1, 4], scalars: [1, 0, 0, 1]))
        // Rows 0 and 3 of w = floats 4…11: [4, 5] + [10, 11].
        #expect(y.scalars == [14, 16])
        let whole = try ONNXModel.network(fromBytes: try model(location: "./weights.bin", offset: 32, length: nil), folder: folder)
        #expect(try whole.forward(Tensor(shape: [1, 4], scalars: [1, 0, 0, 0])).scalars == [8, 9])
    }

    @Test func locationsLeavingTheFolderAreRefusedNamingTensorAndLocation() throws {
        let folder = try scene()
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("escape.bin"),
                                                   withDestinationURL: folder.deletingLastPathComponent().appendingPathComponent("secret.bin"))
        let secret = folder.deletingLastPathComponent().appendingPathComponent("secret.bin").path
        for (location, reason) in [(secret, "absolute path"), ("../secret.bin", "'..' component"), ("sub/../../secret.bin", "'..' component"),
                                   ("escape.bin", "outside the model's folder")] {
            let error = try #require(throws: ONNXError.self) { try ONNXModel.network(fromBytes: try model(location: location), folder: folder) }
            #expect(error.description.contains("tensor 'w'") && error.description.contains(location) && error.description.contains(reason),
                    "\(error)")
        }
    }

    @Test func missingFilesAndRangesOutsideTheFileAreRefused() throws {
        let folder = try scene()
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("folder.bin"), withIntermediateDirectories: true)
        let cases: [(bytes: [UInt8], words: [String])] = [
            (try model(location: "absent.bin"), ["tensor 'w'", "'absent.bin' does not exist"]),
            (try model(location: "folder.bin"), ["tensor 'w'", "'folder.bin' is not a regular file"]),
            (try model(location: "weights.bin", offset: 48), ["tensor 'w'", "32 bytes at offset 48", "64 bytes"]),
            (try model(location: "weights.bin", offset: 65, length: nil), ["offset 65", "64 bytes"]),
            (try model(location: "weights.bin", length: 28), ["28 raw bytes for 8 elements"]),
        ]
        for (bytes, words) in cases {
            let error = try #require(throws: ONNXError.self) { try ONNXModel.network(fromBytes: bytes, folder: folder) }
            #expect(words.allSatisfy(error.description.contains), "\(error)")
        }
    }
}
