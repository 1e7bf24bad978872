extension Explanation {
    public static let gradientSHAP = Explanation(
        name: "gradientshap",
        title: "GradientSHAP",
        idea: "Expected gradients: average Input × Gradient over random points between the input (with a little "
            + "noise) and baselines drawn from a distribution; approximates SHAP values.",
        formula: #"A_c(x) = \mathbb{E}_{x' \sim B,\ \alpha \sim U(0,1),\ \varepsilon}\Big[(x - x') \odot \nabla f_c\big(x' + \alpha (x + \varepsilon - x')\big)\Big]"#,
        paper: "S. M. Lundberg, S.-I. Lee. A Unified Approach to Interpreting Model Predictions. NeurIPS 2017 "
            + "(as Captum implements GradientShap).",
        pitfalls: ["Stochastic: fix --seed; the baseline distribution defines the question."])

    public static let occlusion = Explanation(
        name: "occlusion",
        title: "Occlusion",
        idea: "Slide a window over the image, replace it by a baseline, and record how much the class score "
            + "drops. Model-agnostic and easy to explain; one forward pass per window position.",
        formula: #"A_{c,i}(x) = \frac{1}{|W_i|} \sum_{w \ni i} \Big(f_c(x) - f_c\big(x_{w \leftarrow b}\big)\Big)"#,
        paper: "M. D. Zeiler, R. Fergus. Visualizing and Understanding Convolutional Networks. ECCV 2014.",
        pitfalls: ["The window size sets the resolution; windows smaller than the object's parts find nothing."])

    public static let rise = Explanation(
        name: "rise",
        title: "RISE",
        idea: "Probe the model with many random smooth masks of the image and average the masks weighted by the "
            + "class probability each masked image gets. Needs only forward passes.",
        formula: #"A_c(x) = \frac{1}{\mathbb{E}[M]\, N} \sum_{k=1}^{N} p_c(x \odot M_k)\, M_k"#,
        paper: "V. Petsiuk, A. Das, K. Saenko. RISE: Randomized Input Sampling for Explanation of Black-box "
            + "Models. BMVC 2018.",
        pitfalls: ["Thousands of masks for stable maps; fix --seed to reproduce them."])
}
