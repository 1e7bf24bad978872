import Tensor

/// SGD with momentum and L2 weight decay, as PyTorch's `SGD`: v = μv + (g + λw), w −= lr·v.
public struct StochasticGradientDescent: Optimizer {
    public var learningRate: Float
    public var momentum: Float
    public var weightDecay: Float
    private var velocities: [String: Tensor] = [:]

    public init(learningRate: Float, momentum: Float = 0.9, weightDecay: Float = 0) {
        self.learningRate = learningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
    }

    public mutating func update(_ parameters: inout [String: Tensor], gradients: [String: Tensor]) throws {
        for (name, gradient) in gradients {
            guard var weight = parameters[name] else { continue }
            var step = weightDecay == 0 ? gradient : try gradient.zip(weight) { $0 + weightDecay * $1 }
            if momentum != 0 {
                if var velocity = velocities[name] {
                    velocity = try velocity.zip(step) { momentum * $0 + $1 }
                    step = velocity
                }
                velocities[name] = step
            }
            let rate = learningRate
            weight = try weight.zip(step) { $0 - rate * $1 }
            parameters[name] = weight
        }
    }
}
