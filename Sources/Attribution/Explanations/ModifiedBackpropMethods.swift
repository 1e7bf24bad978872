extension Explanation {
    public static let guidedBackprop = Explanation(
        name: "gbp",
        title: "Guided Backpropagation",
        idea: "Backpropagate the class score, but at every ReLU pass only positive gradients where the forward "
            + "activation was positive. Maps look crisp and edge-like.",
        formula: #"R^{(l)} = \mathbb{1}\big[a^{(l)} > 0\big] \odot \mathbb{1}\big[R^{(l+1)} > 0\big] \odot R^{(l+1)} \quad \text{at each ReLU}"#,
        paper: "J. T. Springenberg, A. Dosovitskiy, T. Brox, M. Riedmiller. Striving for Simplicity: The All "
            + "Convolutional Net. ICLR Workshop 2015.",
        pitfalls: [
            "Fails the randomization sanity check: its maps barely change when the top layers are randomized, "
                + "so they show image edges more than the model's reasoning (Adebayo et al. 2018).",
            "Maps for different classes look alike; VAR (`%var gbp`) restores class sensitivity.",
        ])

    public static let deconvnet = Explanation(
        name: "deconvnet",
        title: "Deconvnet",
        idea: "Backpropagate through ReLUs as if they were applied to the gradient: pass positive gradients, "
            + "ignoring whether the forward activation was positive.",
        formula: #"R^{(l)} = \mathbb{1}\big[R^{(l+1)} > 0\big] \odot R^{(l+1)} \quad \text{at each ReLU}"#,
        paper: "M. D. Zeiler, R. Fergus. Visualizing and Understanding Convolutional Networks. ECCV 2014.",
        pitfalls: ["Like Guided Backprop, largely insensitive to the model's top layers."])

    public static let lrp = Explanation(
        name: "lrp",
        title: "Layer-wise Relevance Propagation",
        idea: "Redistribute the class score backwards layer by layer, each neuron passing relevance to its inputs "
            + "in proportion to their contribution, so that relevance is (approximately) conserved. Rules differ "
            + "by layer: ε for dense layers, γ or z⁺ for convolutions, a box or flat rule for the first layer "
            + "(composites such as EpsilonPlus, EpsilonGammaBox, EpsilonAlpha2Beta1, as in Zennit). In a "
            + "transformer, attention takes AttnLRP's rules (as in LXT): products of two activations split "
            + "relevance in halves, softmax takes a Taylor rule at its input, LayerNorm's deviation is held fixed.",
        formula: #"R_j = \sum_k \frac{a_j w_{jk}}{\epsilon + \sum_{j'} a_{j'} w_{j'k}} R_k \quad (\varepsilon\text{-rule}), \qquad R_j = \sum_k \frac{a_j (w_{jk} + \gamma w_{jk}^+)}{\sum_{j'} a_{j'} (w_{j'k} + \gamma w_{j'k}^+)} R_k \quad (\gamma\text{-rule})"#,
        paper: "S. Bach, A. Binder, G. Montavon, F. Klauschen, K.-R. Müller, W. Samek. On Pixel-Wise Explanations "
            + "for Non-Linear Classifier Decisions by Layer-Wise Relevance Propagation. PLoS ONE 2015; rules and "
            + "composites after Montavon et al. 2019 and Anders et al. (Zennit) 2021; attention after R. Achtibat "
            + "et al., AttnLRP: Attention-Aware Layer-wise Relevance Propagation for Transformers, ICML 2024.",
        pitfalls: [
            "The result depends on the composite: compare maps only under the same rules.",
            "BatchNorm must be folded into the preceding convolution first (done automatically).",
            "Relevance is conserved only approximately: ε absorbs some, biases take some.",
            "On a transformer, `--rule epsilon` (ε on every layer with weights) is the pairing LXT uses with AttnLRP.",
        ])

    public static let deepLIFT = Explanation(
        name: "deeplift",
        title: "DeepLIFT (rescale rule)",
        idea: "Compare the network on the input with the network on a reference input, and distribute the score "
            + "difference through each nonlinearity in proportion to the difference of its input (the rescale "
            + "multiplier Δy/Δx instead of the local gradient).",
        formula: #"m_{\Delta x \to \Delta y} = \frac{y(x) - y(x')}{x - x'}, \qquad \sum_i A_{c,i} = f_c(x) - f_c(x')"#,
        paper: "A. Shrikumar, P. Greenside, A. Kundaje. Learning Important Features Through Propagating "
            + "Activation Differences. ICML 2017.",
        pitfalls: [
            "Like IG, the reference input (baseline) defines the question.",
            "The rules cover linear layers, elementwise nonlinearities and max pooling. Products of two "
                + "input-dependent tensors (attention, gating) keep the gradient, and the sum no longer equals "
                + "f(x) − f(x′): the convergence delta in the provenance says by how much.",
            "One backward pass over the input and its reference (about two gradients), but not a path "
                + "integral: it can disagree with IG where the network bends between the reference and the input.",
            "Captum 0.9's DeepLift skips its max-pool rule when a ReLU feeds the pooling directly (captum "
                + "issue #1104); with a non-zero baseline its maps then differ from these.",
        ])
}
