import Networks
import Tensor

/// GradientSHAP as Captum computes it: for each sample, a baseline drawn from the given ones, the
/// input plus Gaussian noise, a point α ~ U(0, 1) on the path between them, and
/// (noisy input − baseline) ⊙ ∇f at that point; the mean over samples.
public struct GradientSHAP: AttributionMethod {
    /// The distribution of baselines, B×C×H×W.
    public var baselines: Tensor?
    public var samples: Int
    /// Standard deviation of the noise added to the input (Captum's `stdevs`).
    public var noise: Float
    public var seed: UInt64

    public init(baselines: Tensor? = nil, samples: Int = 5, noise: Float = 0, seed: UInt64 = 0) {
        self.baselines = baselines
        self.samples = samples
        self.noise = noise
        self.seed = seed
    }

    public var name: String { "gradientshap" }
    public var parameters: [String: String] {
        ["samples": String(samples), "stdevs": String(noise), "seed": String(seed),
         "baselines": baselines.map { "\($0.batchCount) given" } ?? "zeros"]
    }

    public func attribute(_ inputs: Tensor, targets: [Int], model: Network, progress: Progress) throws -> Tensor {
        guard samples >= 1 else { throw AttributionError.invalidArgument("GradientSHAP needs at least 1 sample") }
        let size = inputs.count / max(1, inputs.batchCount)
        let pool = baselines ?? Tensor(shape: [1] + inputs.shape.dropFirst())
        guard pool.count / max(1, pool.batchCount) == size, pool.batchCount >= 1 else {
            throw AttributionError.shapeMismatch("baselines \(pool.shape) do not match inputs \(inputs.shape)")
        }
        var generator = SeededGenerator(seed: seed)
        var points: [Float] = [], differences: [Float] = []
        points.reserveCapacity(inputs.batchCount * samples * size)
        differences.reserveCapacity(inputs.batchCount * samples * size)
        for item in 0..<inputs.batchCount {
            for _ in 0..<samples {
                let drawn = Int(generator.next() % UInt64(pool.batchCount))
                let alpha = generator.nextUniform()
                for element in 0..<size {
                    let noisy = inputs.scalars[item * size + element] + noise * (noise > 0 ? generator.nextNormal() : 0)
                    let reference = pool.scalars[drawn * size + element]
                    points.append(reference + alpha * (noisy - reference))
                    differences.append(noisy - reference)
                }
            }
        }
        let shape = [inputs.batchCount * samples] + inputs.shape.dropFirst()
        let gradients = try model.inputGradients(Tensor(shape: shape, scalars: points),
                                                 targets: targets.flatMap { [Int](repeating: $0, count: samples) },
                                                 progress: progress)
        var result = Tensor(shape: inputs.shape)
        for item in 0..<inputs.batchCount {
            for sample in 0..<samples {
                let row = (item * samples + sample) * size
                for element in 0..<size {
                    result.scalars[item * size + element] += gradients.scalars[row + element] * differences[row + element] / Float(samples)
                }
            }
        }
        return result
    }
}
