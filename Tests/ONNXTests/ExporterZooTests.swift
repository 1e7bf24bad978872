import Foundation
import Networks
import ONNX
import Tensor
import Testing

/// The ONNX files today's exporters and model zoos write (tools/make_exporter_zoo.py): each loads with
/// the importer, gives onnxruntime's logits and PyTorch's input gradient. Fixtures/exporters/README.md
/// says what is there; tools/report_exporter_zoo.py prints where each file stands, from the differences
/// these tests print ("exporter zoo: <file> logits difference <d>").
@Suite struct ExporterZooTests {
    @Test func theZooCoversEveryExporterOpsetAndBatchKind() throws {
        let files = try ZooFixture.manifest("exporters")
        #expect(Set(files.map(\.exporter)).isSuperset(of: ["torchscript", "dynamo", "optimum", "onnx.helper"]))
        #expect(Set(files.map(\.source)).isSuperset(of: ["torchvision", "timm", "hf", "modelzoo-style"]))
        #expect(Set(files.map(\.opset)).isSuperset(of: Set(7...18)), "opsets: \(Set(files.map(\.opset)).sorted())")
        #expect(files.contains { $0.batch == .fixed(1) } && files.contains { $0.batch == .dynamic })
        #expect(files.contains { $0.externalData != nil })
        #expect(files.contains { $0.expect == .refused })
        #expect(files.filter { $0.expect == .match }.allSatisfy { $0.logits != nil })
    }

    /// Logits within `logitsTolerance` (1e-4; 1e-2 for activation-quantized files, whose manifest note
    /// says why): max |actual − expected| ≤ tolerance · max(1, max |expected|).
    @Test(arguments: ZooFixture.all.filter { $0.expect == .match })
    func logitsMatchOnnxruntime(_ fixture: ZooFixture) throws {
        guard let network = fixture.loadedNetwork() else { return }
        let expected = try asImported(fixture.tensor(fixture.logits!))
        do {
            let logits = try network.forward(try fixture.tensor(fixture.input))
            let difference = logitsDifference(logits, expected)
            print("exporter zoo: \(fixture.name) logits difference \(difference)")
            #expect(difference <= fixture.logitsTolerance!,
                    "\(fixture.name): logits differ by \(difference) (tolerance \(fixture.logitsTolerance!))")
        } catch {
            Issue.record("\(fixture.name): forward fails: \(error)")
        }
    }

    /// Input gradients of Σ_batch logits[:, target] within 1e-3 of max |reference|, at every pixel: the
    /// inputs were drawn so that no max-pooling window has a near-tie (references.py in the tools).
    @Test(arguments: ZooFixture.all.filter { $0.expect == .match && $0.inputGradient != nil })
    func inputGradientMatchesPyTorch(_ fixture: ZooFixture) throws {
        guard let network = fixture.loadedNetwork() else { return }
        let expected = try fixture.tensor(fixture.inputGradient!)
        do {
            let input = try fixture.tensor(fixture.input)
            let logits = try network.forward(input)
            var seed = Tensor(shape: logits.shape)
            let perImage = logits.count / logits.shape[0]
            for image in 0..<logits.shape[0] { seed.scalars[image * perImage + fixture.target!] = 1 }
            let gradient = try network.inputGradient(input, seed: seed)
            let difference = relativeDifference(gradient, expected)
            print("exporter zoo: \(fixture.name) gradient difference \(difference)")
            #expect(difference <= 1e-3, "\(fixture.name): input gradient differs by \(difference) relative")
        } catch {
            Issue.record("\(fixture.name): gradient fails: \(error)")
        }
    }

    /// QOperator files are refused with a message that says quantized operators are not supported and
    /// names one of them.
    @Test(arguments: ZooFixture.all.filter { $0.expect == .refused })
    func quantizedOperatorsAreRefusedByName(_ fixture: ZooFixture) {
        do {
            _ = try ONNXModel.network(contentsOf: fixture.url(fixture.model))
            Issue.record("\(fixture.name): loads, but should be refused")
        } catch {
            let message = String(describing: error)
            let named = fixture.refusalMustName!.contains { message.contains($0) }
            #expect(named && message.lowercased().contains("quantized"),
                    "\(fixture.name): refused, but the message does not say it is quantized and name one of \(fixture.refusalMustName!): \(message)")
        }
    }
}

/// max |actual − expected| / max(1, max |expected|); infinite for different shapes.
func logitsDifference(_ actual: Tensor, _ expected: Tensor) -> Float {
    guard actual.shape == expected.shape else { return .infinity }
    return actual.maximumAbsoluteDifference(to: expected) / max(1, expected.scalars.map(abs).max() ?? 0)
}

/// One file of the exporter zoo, as Fixtures/exporters/manifest.json describes it. `EXPORTER_ZOO_SPLIT`
/// set to `exporters-heldout` reads the held-out part instead: only for the one report at the end.
struct ZooFixture: Decodable, CustomTestStringConvertible, Sendable {
    enum Expectation: String, Decodable, Sendable { case match, refused }

    enum Batch: Decodable, Equatable, Sendable {
        case dynamic
        case fixed(Int)

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            self = (try? container.decode(Int.self)).map(Batch.fixed) ?? .dynamic
        }
    }

    let name: String
    let family: String
    let source: String
    let exporter: String
    let opset: Int
    let batch: Batch
    let externalData: String?
    let model: String
    let input: String
    let logits: String?
    let inputGradient: String?
    let target: Int?
    let logitsTolerance: Float?
    let loadInputShape: [Int]?
    let expect: Expectation
    let refusalMustName: [String]?
    let gradcam: GradCAMReference?

    /// Grad-CAM at the layer pytorch-grad-cam's users pick: the PyTorch module, its layout (NCHW, NHWC
    /// or tokens), the reference map, and the tensor of this file that holds the module's output.
    struct GradCAMReference: Decodable, Sendable {
        let module: String
        let layout: String
        let file: String
        let onnxTensor: String
    }

    var testDescription: String { name }

    static let split = ProcessInfo.processInfo.environment["EXPORTER_ZOO_SPLIT"] ?? "exporters"
    static let directory = Fixture.directory.appendingPathComponent(split)

    static func manifest(_ split: String) throws -> [ZooFixture] {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let data = try Data(contentsOf: Fixture.directory.appendingPathComponent(split).appendingPathComponent("manifest.json"))
        return try decoder.decode([ZooFixture].self, from: data)
    }

    /// The files the parameterised tests run: EXPORTER_ZOO_FIXTURES=name,name keeps some of them
    /// (tools/report_exporter_zoo.py runs a file alone after a crash).
    static let all: [ZooFixture] = {
        let fixtures = try! manifest(split)
        guard let only = ProcessInfo.processInfo.environment["EXPORTER_ZOO_FIXTURES"] else { return fixtures }
        let names = Set(only.split(separator: ",").map(String.init))
        return fixtures.filter { names.contains($0.name) }
    }()

    func url(_ relative: String) -> URL { ZooFixture.directory.appendingPathComponent(relative) }

    func tensor(_ relative: String) throws -> Tensor { try NumpyFormat.tensor(contentsOf: url(relative)) }

    /// The imported network, or nil with the reason recorded as this test's issue.
    func loadedNetwork() -> Network? {
        do {
            return try ONNXModel.network(contentsOf: url(model), inputShape: loadInputShape)
        } catch {
            Issue.record("\(name): does not load: \(error)")
            return nil
        }
    }
}
