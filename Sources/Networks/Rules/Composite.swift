import Tensor

/// Which rule each node's backward uses: by node name first, then a special rule for the first layer
/// of some types, then by operator type, else the plain gradient. Like Zennit's composites, it is
/// applied at backward time and never changes the network.
public struct Composite: Sendable {
    public var rulesByName: [String: any BackwardRule]
    /// Rules for the first node (in graph order) whose type is a key here, e.g. z^B on the first Conv.
    public var firstLayerRules: [String: any BackwardRule]
    public var rulesByType: [String: any BackwardRule]

    public init(rulesByName: [String: any BackwardRule] = [:], firstLayerRules: [String: any BackwardRule] = [:],
                rulesByType: [String: any BackwardRule] = [:]) {
        self.rulesByName = rulesByName
        self.firstLayerRules = firstLayerRules
        self.rulesByType = rulesByType
    }

    /// The rule of every node that does not use the plain gradient.
    public func rules(for network: Network) -> [String: any BackwardRule] {
        var assigned: [String: any BackwardRule] = [:]
        let firstLayer = network.nodes.first { firstLayerRules[$0.op.type] != nil }
        for node in network.nodes {
            if let rule = rulesByName[node.name] {
                assigned[node.name] = rule
            } else if node.name == firstLayer?.name, let rule = firstLayerRules[node.op.type] {
                assigned[node.name] = rule
            } else if let rule = rulesByType[node.op.type] {
                assigned[node.name] = rule
            }
        }
        return assigned
    }

    /// The same composite with `rule` for the node called `name`.
    public func assigning(_ rule: any BackwardRule, toNode name: String) -> Composite {
        var copy = self
        copy.rulesByName[name] = rule
        return copy
    }
}

/// The operator types each family of rules is assigned to, as Zennit groups layer types.
public enum LayerFamily {
    public static let convolutions = ["Conv", "ConvTranspose"]
    public static let dense = ["Gemm"]
    public static let linear = convolutions + dense
    public static let activations = ["Relu", "LeakyRelu", "PRelu", "Sigmoid", "Tanh", "Softmax", "Gelu",
                                     "HardSigmoid", "HardSwish", "Clip", "Dropout", "Identity"] + smoothActivations
    /// The activation modules of PyTorch that exporters write as one ONNX operator, beyond the classic
    /// ones (Zennit's `Activation` type lists their modules).
    public static let smoothActivations = ["Elu", "Selu", "Celu", "Softplus", "Softsign", "Mish", "Swish", "ThresholdedRelu"]
    /// One-input nonlinearities applied element by element: DeepLIFT rescales them.
    public static let elementwiseNonlinearities = ["Relu", "LeakyRelu", "PRelu", "Sigmoid", "Tanh", "Gelu", "Erf",
                                                   "HardSigmoid", "HardSwish", "Clip"] + smoothActivations
    public static let maxPools = ["MaxPool", "GlobalMaxPool"]
    public static let sums = ["Add", "Sum", "ReduceSum"]
    /// Products of two tensors (at least one an activation): attention's q·kᵀ and weights·values, linear
    /// layers written as MatMul or Einsum, gates.
    public static let products = ["MatMul", "Mul", "Einsum"]
    /// Weighted averages without a bias: pools, means, and resampling (nearest, linear, cubic Resize),
    /// whose relevance is shared in proportion to each input's contribution.
    public static let averagePools = ["AveragePool", "GlobalAveragePool", "ReduceMean", "Mean", "Resize"]
    /// Normalizations over rows of their input: AttnLRP's LayerNorm rule.
    public static let normalizations = ["LayerNormalization", "InstanceNormalization", "GroupNormalization"]
}

extension Composite {
    private static func map(_ types: [String], to rule: any BackwardRule) -> [String: any BackwardRule] {
        Dictionary(uniqueKeysWithValues: types.map { ($0, rule) })
    }

    /// The plain gradient everywhere.
    public static let gradient = Composite()

    /// Guided backprop at every ReLU.
    public static let guidedBackprop = Composite(rulesByType: ["Relu": GuidedBackpropRule()])

    /// Deconvnet at every ReLU.
    public static let deconvnet = Composite(rulesByType: ["Relu": DeconvnetRule()])

    /// DeepLIFT's rescale rule at every elementwise nonlinearity and max pooling, the gradient
    /// elsewhere; the batch holds inputs then their references (see `RescaleRule`). Captum hooks
    /// ReLU, ELU, LeakyReLU, Sigmoid, Tanh, Softplus and max-pool modules only; the rescale rule is
    /// defined for any elementwise nonlinearity, so GELU and friends get it here too. Softmax keeps
    /// its gradient: Captum's softmax rule has no counterpart in the DeepLIFT paper.
    public static func deepLift(epsilon: Float = 1e-10) -> Composite {
        Composite(rulesByType: map(LayerFamily.elementwiseNonlinearities, to: RescaleRule(epsilon: epsilon))
            .merging(map(LayerFamily.maxPools, to: RescaleMaxPoolRule(epsilon: epsilon))) { $1 })
    }

    /// Zennit's base for LRP: activations pass relevance through, sums and average pools share it.
    /// Attention takes AttnLRP's rules (Achtibat et al. 2024, as LXT implements them): the uniform
    /// ε-rule on matrix and elementwise products, the Taylor rule on softmax, the identity rule on
    /// LayerNorm's deviation. A CNN has none of these layers, so its composites are Zennit's.
    private static func lrp(convolution: any BackwardRule, dense: any BackwardRule) -> [String: any BackwardRule] {
        map(LayerFamily.activations, to: PassRule())
            .merging(map(LayerFamily.sums + LayerFamily.averagePools, to: NormRule())) { $1 }
            .merging(map(LayerFamily.products, to: UniformProductRule(epsilon: attentionEpsilon))) { $1 }
            .merging(["Softmax": SoftmaxRule()]) { $1 }
            .merging(map(LayerFamily.normalizations, to: LayerNormRule(epsilon: attentionEpsilon))) { $1 }
            .merging(map(LayerFamily.convolutions, to: convolution)) { $1 }
            .merging(map(LayerFamily.dense, to: dense)) { $1 }
    }

    /// LXT's stabiliser for its matmul and LayerNorm rules.
    private static let attentionEpsilon: Float = 1e-6

    /// LRP-ε on every convolution and dense layer: what LXT pairs with AttnLRP on transformers.
    public static func epsilon(_ epsilon: Float = 1e-6) -> Composite {
        Composite(rulesByType: lrp(convolution: EpsilonRule(epsilon: epsilon), dense: EpsilonRule(epsilon: epsilon)))
    }

    /// z⁺ on convolutions, ε on dense layers.
    public static func epsilonPlus(epsilon: Float = 1e-6) -> Composite {
        Composite(rulesByType: lrp(convolution: ZPlusRule(), dense: EpsilonRule(epsilon: epsilon)))
    }

    /// As `epsilonPlus`, with the flat rule on the first linear layer.
    public static func epsilonPlusFlat(epsilon: Float = 1e-6) -> Composite {
        Composite(firstLayerRules: map(LayerFamily.linear, to: FlatRule()),
                  rulesByType: lrp(convolution: ZPlusRule(), dense: EpsilonRule(epsilon: epsilon)))
    }

    /// α2β1 on convolutions, ε on dense layers.
    public static func epsilonAlpha2Beta1(epsilon: Float = 1e-6) throws -> Composite {
        Composite(rulesByType: lrp(convolution: try AlphaBetaRule(alpha: 2, beta: 1), dense: EpsilonRule(epsilon: epsilon)))
    }

    /// As `epsilonAlpha2Beta1`, with the flat rule on the first linear layer.
    public static func epsilonAlpha2Beta1Flat(epsilon: Float = 1e-6) throws -> Composite {
        Composite(firstLayerRules: map(LayerFamily.linear, to: FlatRule()),
                  rulesByType: lrp(convolution: try AlphaBetaRule(alpha: 2, beta: 1), dense: EpsilonRule(epsilon: epsilon)))
    }

    /// z^B on the first convolution (inputs bounded by `low`…`high`), γ on other convolutions, ε on dense layers.
    public static func epsilonGammaBox(low: Tensor, high: Tensor, epsilon: Float = 1e-6, gamma: Float = 0.25) -> Composite {
        Composite(firstLayerRules: map(LayerFamily.convolutions, to: ZBoxRule(low: low, high: high)),
                  rulesByType: lrp(convolution: GammaRule(gamma: gamma), dense: EpsilonRule(epsilon: epsilon)))
    }
}
