extension Explanation {
    public static let gradient = Explanation(
        name: "gradient",
        title: "Gradient (vanilla saliency)",
        idea: "How much would the class score change if one input value changed a little? The map is the "
            + "gradient of the class logit with respect to the input, usually shown as its magnitude.",
        formula: #"A_c(x) = \frac{\partial f_c(x)}{\partial x} \qquad \text{(shown as } |A_c| \text{ unless } \texttt{--signed}\text{)}"#,
        paper: "K. Simonyan, A. Vedaldi, A. Zisserman. Deep Inside Convolutional Networks: Visualising Image "
            + "Classification Models and Saliency Maps. ICLR Workshop 2014.",
        pitfalls: [
            "Gradients are local: a saturated ReLU network can have a near-zero gradient on the very pixels it relies on.",
            "Maps are noisy and speckled; SmoothGrad averages the noise away.",
            "It explains the logit, not the probability, unless you target the softmax output.",
        ])

    public static let inputTimesGradient = Explanation(
        name: "inputxgradient",
        title: "Input × Gradient",
        idea: "The gradient weighted by the input itself: a first-order estimate of each input's contribution "
            + "relative to an all-zero input. For a linear model it is exactly each term of the sum.",
        formula: #"A_c(x) = x \odot \frac{\partial f_c(x)}{\partial x}"#,
        paper: "A. Shrikumar, P. Greenside, A. Shcherbina, A. Kundaje. Not Just a Black Box: Learning Important "
            + "Features Through Propagating Activation Differences. arXiv:1605.01713, 2016.",
        pitfalls: [
            "The implicit reference is zero in the model's input space: after ImageNet normalisation, zero is a grey-ish "
                + "colour, not black.",
            "Dark pixels (near zero) get no attribution whatever their importance.",
        ])

    public static let integratedGradients = Explanation(
        name: "ig",
        title: "Integrated Gradients",
        idea: "Accumulate the gradient along a straight path from a baseline x′ (black, blurred, noise…) to the "
            + "input. The attributions add up to the score difference f(x) − f(x′) (completeness); the "
            + "convergence delta reports how far the numerical integral is from that.",
        formula: #"A_{c,i}(x) = (x_i - x'_i) \int_0^1 \frac{\partial f_c\big(x' + \alpha (x - x')\big)}{\partial x_i}\, d\alpha"#,
        paper: "M. Sundararajan, A. Taly, Q. Yan. Axiomatic Attribution for Deep Networks. ICML 2017.",
        pitfalls: [
            "The baseline is part of the question: a black baseline cannot attribute black pixels.",
            "Too few steps leave a large convergence delta; check it before reading the map.",
            "Captum's default integration rule is Gauss–Legendre; Riemann rules need more steps for the same accuracy.",
        ])

    public static let smoothGrad = Explanation(
        name: "smoothgrad",
        title: "SmoothGrad (noise tunnel)",
        idea: "Average any method's maps over copies of the input with Gaussian noise added; the noise of the "
            + "gradient cancels and the structure stays. SmoothGrad² averages squares, VarGrad takes the variance.",
        formula: #"\hat A_c(x) = \frac{1}{n} \sum_{k=1}^{n} A_c\big(x + \varepsilon_k\big), \qquad \varepsilon_k \sim \mathcal{N}\big(0, (\sigma \cdot (x_{\max} - x_{\min}))^2\big)"#,
        paper: "D. Smilkov, N. Thorat, B. Kim, F. Viégas, M. Wattenberg. SmoothGrad: removing noise by adding "
            + "noise. arXiv:1706.03825, 2017.",
        pitfalls: [
            "σ is a fraction of the input range: 10–20% is typical; too much noise blurs everything.",
            "The map is random: fix --seed to reproduce it, and use enough samples (25–50).",
        ],
        variants: ["smoothgrad-sq", "vargrad"])
}
