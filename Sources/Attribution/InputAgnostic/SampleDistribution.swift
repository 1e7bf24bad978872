import Tensor

/// Where the input-agnostic method draws its samples from. The paper asks for an unrestricted
/// distribution rather than data, so that the map is not biased toward a data set.
public enum SampleDistribution: Sendable, Equatable, Encodable {
    /// Uniform noise over the model's valid input range (the default).
    case uniform
    /// Gaussian noise around mid-range, with this standard deviation as a fraction of the range.
    case gaussian(standardDeviation: Float)
    /// Given images (N×C×H×W), drawn with replacement: for comparison with data-based maps.
    case images(Tensor)

    public var name: String {
        switch self {
        case .uniform: "uniform"
        case .gaussian(let deviation): "gaussian(σ=\(deviation))"
        case .images(let images): "images(\(images.shape[0]))"
        }
    }

    /// Provenance records the distribution by name; given images are recorded by their hashes elsewhere.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }

    /// `count` samples shaped like `inputShape`, inside `range`.
    func draw(_ count: Int, inputShape: [Int], range: ClosedRange<Float>, using generator: inout SeededGenerator) -> Tensor {
        let size = inputShape.reduce(1, *)
        var scalars = [Float](repeating: 0, count: count * size)
        let width = range.upperBound - range.lowerBound
        switch self {
        case .uniform:
            for index in scalars.indices { scalars[index] = generator.uniform(range.lowerBound, range.upperBound) }
        case .gaussian(let deviation):
            let middle = range.lowerBound + width / 2
            for index in scalars.indices {
                scalars[index] = min(range.upperBound, max(range.lowerBound, middle + deviation * width * generator.nextNormal()))
            }
        case .images(let images):
            let available = images.shape[0]
            for sample in 0..<count {
                let source = Int(generator.next() % UInt64(available))
                scalars.replaceSubrange((sample * size)..<((sample + 1) * size),
                                        with: images.scalars[(source * size)..<((source + 1) * size)])
            }
        }
        return try! Tensor(shape: [count] + inputShape, scalars: scalars)
    }
}
