import Networks
import Tensor

/// Any method averaged over noisy copies of the input: SmoothGrad (Smilkov et al. 2017),
/// SmoothGrad² and VarGrad (Adebayo et al. 2018), as Captum's `NoiseTunnel`. The noise's standard
/// deviation is a fraction of each input's value range, as the SmoothGrad paper sets it.
public struct NoiseTunnel: AttributionMethod {
    public enum Kind: String, Sendable, CaseIterable {
        case smoothGrad = "smoothgrad"
        case smoothGradSquared = "smoothgrad_sq"
        case varGrad = "vargrad"
    }

    public var base: any AttributionMethod
    public var kind: Kind
    public var samples: Int
    /// σ / (max x − min x).
    public var noiseFraction: Float
    public var seed: UInt64

    public init(_ base: any AttributionMethod, kind: Kind = .smoothGrad, samples: Int = 25, noiseFraction: Float = 0.15,
                seed: UInt64 = 0) {
        self.base = base
        self.kind = kind
        self.samples = samples
        self.noiseFraction = noiseFraction
        self.seed = seed
    }

    public var name: String { kind == .smoothGrad && base.name == "gradient" ? "smoothgrad" : "\(kind.rawValue)(\(base.name))" }
    public var parameters: [String: String] {
        base.parameters.merging(["nt_type": kind.rawValue, "samples": String(samples), "stdev": "\(noiseFraction) of the input range",
                                 "seed": String(seed), "base": base.name]) { $1 }
    }

    public func attribute(_ inputs: Tensor, targets: [Int], model: Network, progress: Progress) throws -> Tensor {
        guard samples >= 1 else { throw AttributionError.invalidArgument("the noise tunnel needs at least 1 sample") }
        let noisy = noisyCopies(of: inputs)
        let repeatedTargets = targets.flatMap { [Int](repeating: $0, count: samples) }
        let maps = try base.attribute(noisy, targets: repeatedTargets, model: model, progress: progress)
        let size = maps.count / maps.batchCount
        var result = Tensor(shape: [inputs.batchCount] + maps.shape.dropFirst())
        for item in 0..<inputs.batchCount {
            for element in 0..<size {
                var (sum, squares) = (Float(0), Float(0))
                for sample in 0..<samples {
                    let value = maps.scalars[(item * samples + sample) * size + element]
                    sum += value
                    squares += value * value
                }
                let mean = sum / Float(samples)
                let meanOfSquares = squares / Float(samples)
                result.scalars[item * size + element] = switch kind {
                case .smoothGrad: mean
                case .smoothGradSquared: meanOfSquares
                case .varGrad: meanOfSquares - mean * mean
                }
            }
        }
        return result
    }

    /// `samples` noisy copies of every input, input-major; each input's noise is its own seeded stream.
    func noisyCopies(of inputs: Tensor) -> Tensor {
        let size = inputs.count / max(1, inputs.batchCount)
        var scalars: [Float] = []
        scalars.reserveCapacity(inputs.count * samples)
        for item in 0..<inputs.batchCount {
            let values = inputs.scalars[(item * size)..<((item + 1) * size)]
            let sigma = noiseFraction * ((values.max() ?? 0) - (values.min() ?? 0))
            var generator = SeededGenerator(seed: seed, stream: 0x5600, index: UInt64(item))
            for _ in 0..<samples {
                for value in values { scalars.append(value + sigma * generator.nextNormal()) }
            }
        }
        return try! Tensor(shape: [inputs.batchCount * samples] + inputs.shape.dropFirst(), scalars: scalars)
    }
}
