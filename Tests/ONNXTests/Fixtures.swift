import Foundation
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

/// max |actual − expected| relative to max |expected|: one number for "equal within float noise".
func relativeDifference(_ actual: Tensor, _ expected: Tensor) -> Float {
    guard actual.shape == expected.shape else { return .infinity }
    let scale = expected.scalars.map(abs).max() ?? 0
    return actual.maximumAbsoluteDifference(to: expected) / max(scale, .leastNormalMagnitude)
}
