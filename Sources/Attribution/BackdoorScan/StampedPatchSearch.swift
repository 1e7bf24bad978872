import Foundation
import Networks
import Tensor

/// Trigger inversion of one small patch (the verdict's stamp reading): for a class and a place, the
/// pattern that — pasted over the pixels of a k×k window, as a BadNets patch or a sticker is — sends
/// clean images to the class, found with Adam on the cross-entropy toward it.
///
/// A patch trigger overwrites pixels; a bounded additive perturbation (the maps' patch readings) cannot
/// reproduce a solid or saturated patch on every background, so it misses small patches that a
/// stamped pattern of the same size finds. A natural class needs far more than a few pixels: a clean
/// model's classes are reached rarely by a patch of an eighth of the side, a trigger's target often.
/// Unlike Neural Cleanse the window's size is fixed and only the corners and the centre are tried, where
/// triggers are commonly put, so the search costs a fraction of a full mask optimisation and needs no cost
/// schedule. Other places are left out on purpose: a network that pools globally answers a trigger
/// wherever it sits (the benchmark's fixed-place patches were found at the corners), while the places
/// where a class's input-agnostic maps gather are where its natural features are easiest to draw — tried
/// there, a natural class of the digits reached 0.7–0.9 of the images and hid the trigger among them.
public struct StampedPatchSearch: Sendable {
    /// One k×k window.
    public struct Window: Sendable, Hashable, Codable {
        public var top: Int
        public var left: Int
        public var size: Int

        public init(top: Int, left: Int, size: Int) {
            (self.top, self.left, self.size) = (top, left, size)
        }
    }

    public var steps = 30
    public var batchSize = 16
    public var learningRate: Float = 0.1
    public var seed: UInt64 = 0
    public var inputRange: ClosedRange<Float> = 0...1

    public init() {}

    /// The places tried for a `size`-pixel patch in a `height`×`width` image: the four corners and the centre.
    public static func windows(height: Int, width: Int, size: Int) -> [Window] {
        let (bottom, right) = (height - size, width - size)
        return [(0, 0), (0, right), (bottom, 0), (bottom, right), (bottom / 2, right / 2)].map { Window(top: $0.0, left: $0.1, size: size) }
    }

    /// The C×k×k pattern that best sends `samples` (N×C×H×W) to `target` when stamped over `window`.
    public func pattern(for target: Int, in window: Window, model: some DifferentiableClassifier, samples: Tensor) throws -> Tensor {
        let channels = model.inputShape[0]
        let count = channels * window.size * window.size
        var generator = SeededGenerator(seed: seed, stream: 0x5354, index: UInt64(target) << 32 | UInt64(window.top << 16 | window.left))
        // The pattern behind a squash, as Neural Cleanse keeps its pattern in range: Δ = low + span·squash(a).
        var parameters = ["pattern": try Tensor(shape: [count], scalars: (0..<count).map { _ in
            NeuralCleanse.inverseSquash(generator.nextUniform())
        })]
        var optimizer = Adam(learningRate: learningRate, beta1: 0.5, beta2: 0.9)
        let span = inputRange.upperBound - inputRange.lowerBound
        for _ in 0..<steps {
            let raw = parameters["pattern"]!.scalars
            let pattern = raw.map { inputRange.lowerBound + span * NeuralCleanse.squash($0) }
            let batch = try samples.gatheringBatch((0..<batchSize).map { _ in Int(generator.next() % UInt64(samples.shape[0])) })
            let stamped = try Self.stamp(batch, pattern: pattern, window: window)
            let gradient = try model.crossEntropyGradient(stamped, labels: [Int](repeating: target, count: batchSize))
            // The pasted pixels are the pattern: its gradient is the batch's mean input gradient inside the window.
            var patternGradient = [Float](repeating: 0, count: count)
            Self.forEachPixel(in: window, shape: model.inputShape, count: batchSize) { element, index in
                patternGradient[element] += gradient.scalars[index] / Float(batchSize)
            }
            for element in patternGradient.indices { patternGradient[element] *= span * NeuralCleanse.squashDerivative(raw[element]) }
            try optimizer.update(&parameters, gradients: ["pattern": try Tensor(shape: [count], scalars: patternGradient)])
        }
        return try Tensor(shape: [channels, window.size, window.size],
                          scalars: parameters["pattern"]!.scalars.map { inputRange.lowerBound + span * NeuralCleanse.squash($0) })
    }

    /// Every image of the batch with `pattern` (C×k×k, flat) pasted over `window`.
    public static func stamp(_ images: Tensor, pattern: [Float], window: Window) throws -> Tensor {
        var stamped = images
        forEachPixel(in: window, shape: Array(images.shape.dropFirst()), count: images.shape[0]) { element, index in
            stamped.scalars[index] = pattern[element]
        }
        return stamped
    }

    /// Calls `body(element of the pattern, index in the batch)` for every pixel under the window in every image.
    static func forEachPixel(in window: Window, shape: [Int], count: Int, _ body: (Int, Int) -> Void) {
        let (channels, height, width) = (shape[0], shape[1], shape[2])
        for item in 0..<count {
            for channel in 0..<channels {
                for row in 0..<window.size {
                    for column in 0..<window.size {
                        let index = ((item * channels + channel) * height + window.top + row) * width + window.left + column
                        body((channel * window.size + row) * window.size + column, index)
                    }
                }
            }
        }
    }
}
