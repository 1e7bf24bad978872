import Foundation
import Networks
import Tensor
import Testing

/// The models tools/make_engine_fixtures.py exported, with their references.
struct Fixture: Decodable, CustomTestStringConvertible, Sendable {
    let name: String
    let opset: Int
    let target: Int
    let operators: [String]

    var testDescription: String { name }

    static let directory = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!

    static let all: [Fixture] = {
        let data = try! Data(contentsOf: directory.appendingPathComponent("manifest.json"))
        return try! JSONDecoder().decode([Fixture].self, from: data)
    }()

    var modelURL: URL { Fixture.directory.appendingPathComponent("\(name).onnx") }

    func reference(_ kind: String) throws -> Tensor {
        try NumpyFormat.tensor(contentsOf: Fixture.directory.appendingPathComponent("\(name).\(kind).npy"))
    }
}

/// onnxruntime's output as the importer gives it: scores of N×C×1×1 come as N×C (SpatialClassScores.swift).
func asImported(_ output: Tensor) throws -> Tensor {
    output.rank > 2 && output.shape.dropFirst(2).allSatisfy { $0 == 1 } ? try output.reshaped(Array(output.shape.prefix(2))) : output
}

/// max |actual − expected| relative to max |expected|: one number for "equal within float noise".
func relativeDifference(_ actual: Tensor, _ expected: Tensor) -> Float {
    guard actual.shape == expected.shape else { return .infinity }
    let scale = expected.scalars.map(abs).max() ?? 0
    return actual.maximumAbsoluteDifference(to: expected) / max(scale, .leastNormalMagnitude)
}

/// A model of tools/make_importer_fixtures.py, in a folder of Fixtures/importer/ whose manifest.json
/// lists them, with .npy references beside it.
protocol ImporterFixture: Decodable, CustomTestStringConvertible, Sendable {
    static var folder: String { get }
    var name: String { get }
}

extension ImporterFixture {
    static var directory: URL { Fixture.directory.appendingPathComponent("importer/\(folder)") }

    /// The manifest's entries, its snake_case keys read as camelCase.
    static func manifest<Manifest: Decodable>(as _: Manifest.Type = [Self].self) -> Manifest {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try! decoder.decode(Manifest.self, from: Data(contentsOf: directory.appendingPathComponent("manifest.json")))
    }

    var testDescription: String { name }
    var url: URL { Self.directory.appendingPathComponent("\(name).onnx") }

    func reference(_ kind: String) throws -> Tensor {
        try NumpyFormat.tensor(contentsOf: Self.directory.appendingPathComponent("\(name).\(kind).npy"))
    }

    /// The network's gradient of Σ_batch logit[target] with respect to the fixture's input, against
    /// the reference's (PyTorch's input_gradient), as `relativeDifference`.
    func inputGradientDifference(of network: Network, classes: Int, target: Int) throws -> Float {
        let input = try reference("input")
        let seed = oneHotSeeds(batch: input.shape[0], classes: classes, target: target)
        return relativeDifference(try network.inputGradient(input, seed: seed), try reference("input_gradient"))
    }
}

/// Seeds of 1 on `target` for every row of an N×classes output: the gradient of Σ_batch logit[target].
func oneHotSeeds(batch: Int, classes: Int, target: Int) -> Tensor {
    var seed = Tensor(shape: [batch, classes])
    for row in 0..<batch { seed.scalars[row * classes + target] = 1 }
    return seed
}
