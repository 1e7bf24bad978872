import Tensor

/// Input-agnostic saliency (Akhtar & Jalwana, AAAI 2023): a map of what a classifier takes as
/// evidence for a class, computed without any input image.
///
/// Samples from an unrestricted distribution are shifted by the current signal ρ and nudged down
/// the loss toward the class; the normalised gradients of the nudges are integrated, the signal is
/// updated with moment estimates and projected back onto the norm-bounded surface Ψ. Restarts with
/// other seeds are averaged and lightly smoothed (the refinement), and kept only if the fooling rate
/// does not drop by more than two points. See shared/papers/input-agnostic.md for what is the
/// paper's and what is our reading.
public struct InputAgnosticSaliency: Sendable {
    public var parameters: InputAgnosticParameters

    public init(parameters: InputAgnosticParameters = InputAgnosticParameters()) {
        self.parameters = parameters
    }

    public func map(of target: Int, model: some DifferentiableClassifier, progress: Progress = .silent) throws -> InputAgnosticMap {
        try parameters.validate()
        guard (0..<model.classCount).contains(target) else {
            throw AttributionError.invalidArgument("class \(target) is not a class of this model: the classes are 0…\(model.classCount - 1)")
        }
        if case .images(let images) = parameters.distribution, Array(images.shape.dropFirst()) != model.inputShape {
            throw AttributionError.shapeMismatch("sample images are \(images.shape), the model takes N×\(model.inputShape)")
        }
        let resolved = parameters.resolved(for: model.inputShape)
        let projection = NormBound(norm: resolved.norm, surface: resolved.surface, bound: resolved.bound!)

        var signals: [[Float]] = []
        for restart in 0..<resolved.restarts {
            signals.append(try accumulate(target, model: model, parameters: resolved, projection: projection,
                                          seed: resolved.seed &+ UInt64(restart),
                                          progress: progress.stage(restart, of: resolved.restarts)))
        }
        let raw = signals[0]
        let refined = projection.project(Smoothing.median3x3(mean(of: signals), shape: model.inputShape))

        var fidelityGenerator = SeededGenerator(seed: resolved.seed, stream: 0xF1DE, index: UInt64(target))
        let heldOut = resolved.distribution.draw(resolved.fidelitySamples, inputShape: model.inputShape,
                                                 range: resolved.inputRange, using: &fidelityGenerator)
        let rawFidelity = try foolingRate(raw, target: target, samples: heldOut, model: model, range: resolved.inputRange)
        let refinedFidelity = try foolingRate(refined, target: target, samples: heldOut, model: model, range: resolved.inputRange)
        let baseline = try foolingRate([Float](repeating: 0, count: raw.count), target: target, samples: heldOut,
                                       model: model, range: resolved.inputRange)
        let accepted = refinedFidelity >= rawFidelity - 0.02
        return InputAgnosticMap(
            target: target,
            perturbation: try Tensor(shape: model.inputShape, scalars: accepted ? refined : raw),
            rawPerturbation: try Tensor(shape: model.inputShape, scalars: raw),
            fidelity: accepted ? refinedFidelity : rawFidelity,
            rawFidelity: rawFidelity,
            baselineFoolingRate: baseline,
            refinementAccepted: accepted,
            parameters: resolved)
    }

    /// One run of T iterations from ρ = 0; returns the projected signal.
    private func accumulate(_ target: Int, model: some DifferentiableClassifier, parameters: InputAgnosticParameters,
                            projection: NormBound, seed: UInt64, progress: Progress) throws -> [Float] {
        let size = model.inputShape.reduce(1, *)
        let (batch, range) = (parameters.samplesPerIteration, parameters.inputRange)
        let labels = [Int](repeating: target, count: batch)
        var generator = SeededGenerator(seed: seed, stream: 0xA6, index: UInt64(target))
        var signal = [Float](repeating: 0, count: size)
        var firstMoment = signal, secondMoment = signal
        let (beta1, beta2, epsilon): (Float, Float, Float) = (0.9, 0.999, 1e-8)

        for iteration in 0..<parameters.iterations {
            try progress.checkCancellation()
            var samples = parameters.distribution.draw(batch, inputShape: model.inputShape, range: range, using: &generator)
            Self.shift(&samples, by: signal, range: range)
            var direction = [Float](repeating: 0, count: size)
            for _ in 0..<max(1, parameters.nudges) {
                let gradients = try model.crossEntropyGradient(samples, labels: labels)
                for sample in 0..<batch {
                    let offset = sample * size
                    let norm = gradients.scalars[offset..<(offset + size)].reduce(0) { $0 + $1 * $1 }.squareRoot()
                    guard norm > 0 else { continue }
                    for element in 0..<size {
                        let unit = gradients.scalars[offset + element] / norm
                        direction[element] += unit
                        if parameters.nudges > 0 {
                            let moved = samples.scalars[offset + element] - parameters.nudgeSize! * unit
                            samples.scalars[offset + element] = min(range.upperBound, max(range.lowerBound, moved))
                        }
                    }
                }
            }
            let count = Float(batch * max(1, parameters.nudges))
            for element in 0..<size {
                let delta = direction[element] / count
                if parameters.moments {
                    firstMoment[element] = beta1 * firstMoment[element] + (1 - beta1) * delta
                    secondMoment[element] = beta2 * secondMoment[element] + (1 - beta2) * delta * delta
                    signal[element] -= parameters.learningRate! * firstMoment[element] / (secondMoment[element].squareRoot() + epsilon)
                } else {
                    signal[element] -= parameters.learningRate! * delta
                }
            }
            signal = projection.project(signal)
            progress.report(Double(iteration + 1) / Double(parameters.iterations), "class \(target)")
        }
        return signal
    }

    /// The fraction of `samples` that `signal`, added and clipped to the range, sends to `target`.
    func foolingRate(_ signal: [Float], target: Int, samples: Tensor, model: some DifferentiableClassifier,
                     range: ClosedRange<Float>) throws -> Float {
        var shifted = samples
        Self.shift(&shifted, by: signal, range: range)
        let predictions = try model.predictions(shifted)
        return Float(predictions.filter { $0 == target }.count) / Float(predictions.count)
    }

    private static func shift(_ samples: inout Tensor, by signal: [Float], range: ClosedRange<Float>) {
        let size = signal.count
        for index in samples.scalars.indices {
            samples.scalars[index] = min(range.upperBound, max(range.lowerBound, samples.scalars[index] + signal[index % size]))
        }
    }

    private func mean(of signals: [[Float]]) -> [Float] {
        var total = [Float](repeating: 0, count: signals[0].count)
        for signal in signals {
            for index in total.indices { total[index] += signal[index] }
        }
        return total.map { $0 / Float(signals.count) }
    }
}
