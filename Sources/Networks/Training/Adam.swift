import Foundation
import Tensor

/// Adam (Kingma & Ba 2015) with bias correction; weight decay is decoupled (AdamW) when `decoupled`.
public struct Adam: Optimizer {
    public var learningRate: Float
    public var beta1: Float
    public var beta2: Float
    public var epsilon: Float
    public var weightDecay: Float
    public var decoupled: Bool
    private var step = 0
    private var firstMoments: [String: Tensor] = [:]
    private var secondMoments: [String: Tensor] = [:]

    public init(learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8,
                weightDecay: Float = 0, decoupled: Bool = true) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.decoupled = decoupled
    }

    public mutating func update(_ parameters: inout [String: Tensor], gradients: [String: Tensor]) throws {
        step += 1
        let (beta1, beta2, epsilon, decay, rate) = (self.beta1, self.beta2, self.epsilon, weightDecay, learningRate)
        let firstCorrection = 1 - powf(beta1, Float(step)), secondCorrection = 1 - powf(beta2, Float(step))
        for (name, rawGradient) in gradients.sorted(by: { $0.key < $1.key }) {
            guard var weight = parameters[name] else { continue }
            let gradient = decoupled || decay == 0 ? rawGradient : try rawGradient.zip(weight) { $0 + decay * $1 }
            let first = try (firstMoments[name] ?? Tensor(shape: gradient.shape)).zip(gradient) { beta1 * $0 + (1 - beta1) * $1 }
            let second = try (secondMoments[name] ?? Tensor(shape: gradient.shape)).zip(gradient) { beta2 * $0 + (1 - beta2) * $1 * $1 }
            firstMoments[name] = first
            secondMoments[name] = second
            if decoupled && decay != 0 { weight = weight.map { $0 * (1 - rate * decay) } }
            for index in weight.scalars.indices {
                let corrected = first.scalars[index] / firstCorrection
                let scale = (second.scalars[index] / secondCorrection).squareRoot() + epsilon
                weight.scalars[index] -= rate * corrected / scale
            }
            parameters[name] = weight
        }
    }
}
