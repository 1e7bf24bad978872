import Foundation
import Networks
import Tensor

/// Neural Cleanse (Wang et al., IEEE S&P 2019), the field's best-known backdoor detector, beside the
/// input-agnostic scan: for every class, the smallest trigger that sends clean images to it — a mask
/// m (H×W, in [0, 1]) and a pattern Δ (C×H×W, in the input range) stamped as x' = (1 − m) ⊙ x + m ⊙ Δ —
/// found by minimising the cross-entropy toward the class plus λ‖m‖₁. A backdoor's target needs a far
/// smaller mask than any natural class; the median-absolute-deviation anomaly index of the masks' ℓ1
/// norms (low side) flags it.
///
/// As the authors' code does: m and Δ are optimised through tanh (so they stay in range), with Adam
/// (rate 0.1, β = 0.5, 0.9), starting at random; λ starts at 10⁻³ and is raised ×1.5 after `patience`
/// rounds in a row that reach the attack-success threshold (0.99) and lowered ÷1.5^1.5 after as many
/// that do not; the smallest mask that reached the threshold is kept. A round here is `roundSteps`
/// mini-batches (their epochs run over a data set; a scan has a few hundred images).
public struct NeuralCleanse: Sendable {
    public var steps = 300
    public var batchSize = 32
    public var roundSteps = 10
    public var patience = 5
    public var learningRate: Float = 0.1
    public var initialCost: Float = 1e-3
    public var attackSuccessThreshold: Float = 0.99
    /// Flag a class whose anomaly index (how far below the median its mask norm lies) exceeds this.
    public var threshold = 2.0
    public var seed: UInt64 = 0
    public var inputRange: ClosedRange<Float> = 0...1

    public init() {}

    /// The smallest trigger found for `target` on `images` (N×C×H×W).
    public func reverseEngineer(_ target: Int, model: some DifferentiableClassifier, images: Tensor,
                                progress: Progress = .silent) throws -> ReversedTrigger {
        try validate(model: model, images: images)
        let (channels, height, width) = (model.inputShape[0], model.inputShape[1], model.inputShape[2])
        let plane = height * width
        var generator = SeededGenerator(seed: seed, stream: 0x4E43, index: UInt64(target))
        // Parameters behind tanh: m = tanh(a)/2 + 1/2, Δ = low + (tanh(b)/2 + 1/2)·(high − low).
        var parameters: [String: Tensor] = [
            "mask": try Tensor(shape: [plane], scalars: (0..<plane).map { _ in Self.inverseSquash(generator.nextUniform()) }),
            "pattern": try Tensor(shape: [channels * plane], scalars: (0..<(channels * plane)).map { _ in
                Self.inverseSquash(generator.nextUniform())
            }),
        ]
        var optimizer = Adam(learningRate: learningRate, beta1: 0.5, beta2: 0.9)
        var cost = initialCost
        var (above, below) = (0, 0)
        var best: ReversedTrigger?
        var roundHits = 0, roundCount = 0
        let span = inputRange.upperBound - inputRange.lowerBound

        for step in 0..<steps {
            try progress.checkCancellation()
            let mask = parameters["mask"]!.scalars.map(Self.squash)
            let pattern = parameters["pattern"]!.scalars.map { inputRange.lowerBound + span * Self.squash($0) }
            let batch = try images.gatheringBatch((0..<batchSize).map { _ in Int(generator.next() % UInt64(images.shape[0])) })
            let stamped = try Self.stamp(batch, mask: mask, pattern: pattern)
            let predictions = try model.predictions(stamped)
            roundHits += predictions.filter { $0 == target }.count
            roundCount += batchSize
            let (maskGradient, patternGradient) = try Self.gradients(
                mask: parameters["mask"]!.scalars, pattern: parameters["pattern"]!.scalars, batch: batch, stamped: stamped,
                target: target, cost: cost, model: model, range: inputRange)
            try optimizer.update(&parameters, gradients: [
                "mask": try Tensor(shape: [plane], scalars: maskGradient),
                "pattern": try Tensor(shape: [channels * plane], scalars: patternGradient),
            ])

            guard (step + 1) % roundSteps == 0 else { continue }
            let success = Float(roundHits) / Float(roundCount)
            (roundHits, roundCount) = (0, 0)
            let norm = mask.reduce(0) { $0 + Double($1) }
            if success >= attackSuccessThreshold, norm < best?.maskNorm ?? .infinity {
                best = ReversedTrigger(target: target, mask: try Tensor(shape: [1, height, width], scalars: mask),
                                       pattern: try Tensor(shape: model.inputShape, scalars: pattern),
                                       maskNorm: norm, attackSuccess: success)
            }
            if success >= attackSuccessThreshold { (above, below) = (above + 1, 0) } else { (above, below) = (0, below + 1) }
            if above >= patience { cost *= 1.5; above = 0 }
            if below >= patience { cost /= powf(1.5, 1.5); below = 0 }
            progress.report(Double(step + 1) / Double(steps), "class \(target)")
        }
        // A class never reached at the threshold keeps its last mask: the largest norm the search saw is its size.
        if let best { return best }
        let mask = parameters["mask"]!.scalars.map(Self.squash)
        let pattern = parameters["pattern"]!.scalars.map { inputRange.lowerBound + span * Self.squash($0) }
        let stamped = try Self.stamp(images, mask: mask, pattern: pattern)
        let success = Float(try model.predictions(stamped).filter { $0 == target }.count) / Float(images.shape[0])
        return ReversedTrigger(target: target, mask: try Tensor(shape: [1, height, width], scalars: mask),
                               pattern: try Tensor(shape: model.inputShape, scalars: pattern),
                               maskNorm: mask.reduce(0) { $0 + Double($1) }, attackSuccess: success)
    }

    /// Every class's smallest trigger and the verdict: the class whose mask norm lies furthest below the
    /// median, flagged when its anomaly index exceeds the threshold.
    public func scan(_ model: some DifferentiableClassifier, images: Tensor, progress: Progress = .silent) throws -> NeuralCleanseReport {
        let triggers = try (0..<model.classCount).map { target in
            try reverseEngineer(target, model: model, images: images, progress: progress.stage(target, of: model.classCount))
        }
        // Low norms are suspicious: the index is how far below the median a norm lies.
        let indices = AnomalyIndex.of(triggers.map(\.maskNorm)).map { -$0 }
        let suspect = indices.indices.max { indices[$0] < indices[$1] }!
        let flagged = indices[suspect] > threshold
        return NeuralCleanseReport(backdoored: flagged, target: flagged ? suspect : nil, anomalyIndices: indices,
                                   threshold: threshold, triggers: triggers)
    }

    /// ∂/∂a and ∂/∂b of mean_n J(f(x'_n), target) + λ‖m‖₁ for m = squash(a), Δ = low + span·squash(b):
    /// ∂/∂m = mean over the batch of Σ_c g·(Δ − x), plus λ (m ≥ 0); ∂/∂Δ = mean of g·m; then through the squashes.
    public static func gradients(mask a: [Float], pattern b: [Float], batch: Tensor, stamped: Tensor, target: Int, cost: Float,
                          model: some DifferentiableClassifier, range: ClosedRange<Float>) throws -> (mask: [Float], pattern: [Float]) {
        let count = batch.shape[0], plane = a.count, channels = b.count / a.count
        let span = range.upperBound - range.lowerBound
        let mask = a.map(squash), pattern = b.map { range.lowerBound + span * squash($0) }
        let gradient = try model.crossEntropyGradient(stamped, labels: [Int](repeating: target, count: count))
        var maskGradient = [Float](repeating: cost, count: plane)
        var patternGradient = [Float](repeating: 0, count: channels * plane)
        let scale = 1 / Float(count)
        for item in 0..<count {
            for channel in 0..<channels {
                for pixel in 0..<plane {
                    let index = (item * channels + channel) * plane + pixel
                    let g = gradient.scalars[index] * scale
                    maskGradient[pixel] += g * (pattern[channel * plane + pixel] - batch.scalars[index])
                    patternGradient[channel * plane + pixel] += g * mask[pixel]
                }
            }
        }
        for pixel in 0..<plane { maskGradient[pixel] *= squashDerivative(a[pixel]) }
        for index in patternGradient.indices { patternGradient[index] *= span * squashDerivative(b[index]) }
        return (maskGradient, patternGradient)
    }

    private func validate(model: some DifferentiableClassifier, images: Tensor) throws {
        guard model.inputShape.count == 3 else {
            throw AttributionError.shapeMismatch("Neural Cleanse needs image inputs C×H×W, the model takes \(model.inputShape)")
        }
        guard images.rank == 4, Array(images.shape.dropFirst()) == model.inputShape, images.shape[0] >= 1 else {
            throw AttributionError.shapeMismatch("Neural Cleanse needs clean images N×\(model.inputShape), got \(images.shape)")
        }
        for (name, value) in [("steps", steps), ("batch size", batchSize), ("round", roundSteps), ("patience", patience)] where value < 1 {
            throw AttributionError.invalidArgument("the \(name) must be at least 1, got \(value)")
        }
    }

    /// x' = (1 − m) ⊙ x + m ⊙ Δ for every image of the batch; m is H×W, shared by the channels.
    public static func stamp(_ images: Tensor, mask: [Float], pattern: [Float]) throws -> Tensor {
        var stamped = images
        let plane = mask.count, size = pattern.count
        for index in stamped.scalars.indices {
            let element = index % size
            let weight = mask[element % plane]
            stamped.scalars[index] = (1 - weight) * stamped.scalars[index] + weight * pattern[element]
        }
        return stamped
    }

    public static func squash(_ value: Float) -> Float { tanh(value) / 2 + 0.5 }
    public static func squashDerivative(_ value: Float) -> Float { (1 - tanh(value) * tanh(value)) / 2 }
    public static func inverseSquash(_ value: Float) -> Float { atanh(min(0.999, max(-0.999, (value - 0.5) * 2))) }
}

/// One class's reverse-engineered trigger.
public struct ReversedTrigger: Sendable, Encodable {
    public var target: Int
    /// m, 1×H×W in [0, 1].
    public var mask: Tensor
    /// Δ, C×H×W in the input range.
    public var pattern: Tensor
    /// ‖m‖₁.
    public var maskNorm: Double
    /// The share of images that m and Δ sent to the class when it was kept.
    public var attackSuccess: Float

    enum CodingKeys: String, CodingKey { case target, maskNorm, attackSuccess }
}

/// Neural Cleanse's verdict.
public struct NeuralCleanseReport: Sendable, Encodable {
    public var backdoored: Bool
    public var target: Int?
    /// How far below the median each class's mask norm lies, in consistent MADs (positive is suspicious).
    public var anomalyIndices: [Double]
    public var threshold: Double
    public var triggers: [ReversedTrigger]
}
