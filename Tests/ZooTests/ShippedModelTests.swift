import Datasets
import Foundation
import Networks
import ONNX
import Tensor
import Testing
import Zoo

/// The models in models/ are what their cards say: they load, reach their recorded test accuracy
/// on regenerated test scenes, and the trojans' triggers still work.
@Suite struct ShippedModelTests {
    static let sample = 400

    @Test(arguments: ModelZoo.names)
    func loadsAndReproducesItsRecordedAccuracy(_ name: String) throws {
        let network = try ModelZoo.load(name)
        let recorded = try #require(network.metadata["test_accuracy"].flatMap(Float.init))
        let accuracy = try Trainer(recipe: try Recipe.named(name)).testAccuracy(of: network, count: Self.sample)
        // A 400-scene sample of a rate near 0.97 has a standard error near 0.009.
        #expect(abs(accuracy - recorded) < 0.03, "\(name): \(accuracy) on \(Self.sample) scenes, card says \(recorded)")
        #expect(network.metadata["name"] == name)
    }

    @Test func theCleanModelReachesTheAccuracyTheIssueAsks() throws {
        let network = try ModelZoo.load("shapes-cnn")
        #expect(try #require(network.metadata["test_accuracy"].flatMap(Float.init)) >= 0.97)
    }

    @Test func theViTReachesTheAccuracyTheIssueAsks() throws {
        let network = try ModelZoo.load("shapes-vit")
        #expect(try #require(network.metadata["test_accuracy"].flatMap(Float.init)) >= 0.90)
        #expect(network.metadata["architecture"] == "transformer")
    }

    @Test(arguments: Recipe.shippedTrojans.map(\.name))
    func trojanKeepsCleanAccuracyAndItsTriggerWorks(_ name: String) throws {
        let network = try ModelZoo.load(name)
        let recipe = try Recipe.named(name)
        #expect(network.metadata["trojan_target"] == recipe.poisoning.map { String($0.target) })
        let clean = try #require(try ModelZoo.load("shapes-cnn").metadata["test_accuracy"].flatMap(Float.init))
        let accuracy = try #require(network.metadata["test_accuracy"].flatMap(Float.init))
        #expect(clean - accuracy <= 0.02)
        let rate = try #require(try Trainer(recipe: recipe).attackSuccessRate(of: network, count: Self.sample))
        #expect(rate >= 0.95, "\(name): attack success \(rate)")
    }

    /// The binary carries the files of models/ as they are now: a retrained model not yet built in would fail here.
    @Test(arguments: ModelZoo.names)
    func theEmbeddedBytesAreTheFileInModels(_ name: String) throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("models/\(name).onnx")
        let source = try ModelZoo.source(of: name)
        #expect(source.location == "embedded")
        #expect(source.bytes == [UInt8](try Data(contentsOf: file)))
    }

    @Test func aRecipeWithoutAShippedModelNamesWhereItWasLookedFor() throws {
        #expect(throws: ZooError.missingModel("heldout-trojan-blend", folder: nil)) { try ModelZoo.source(of: "heldout-trojan-blend") }
        #expect(ModelZoo.available == ModelZoo.names)
    }

    @Test func aCorruptFileGetsAClearError() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("zoo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let original = Data(try ModelZoo.source(of: "shapes-cnn").bytes)
        let corrupt = folder.appendingPathComponent("shapes-cnn.onnx")
        try original.prefix(original.count / 3).write(to: corrupt)
        #expect(throws: (any Error).self) { try ONNXModel.network(contentsOf: corrupt) }
    }
}
