extension Explanation {
    public static let `var` = Explanation(
        name: "var",
        title: "VAR: class-relevant maps by class competition",
        idea: "Compute any base method's map for several classes (the top two and the least likely, or the "
            + "classes of a grid) and keep, at every element, only the attribution of the class that clearly wins "
            + "a softmax competition over the classes. What every class's map shares — the object, the edges — "
            + "cancels; what is specific to the target stays.",
        formula: #"M_k(p) = \frac{e^{|A_k(p)|/T}}{\sum_{j \in K} e^{|A_j(p)|/T}}, \qquad V_c = A_c \odot M_c \odot \mathbb{1}\big[M_c - \tfrac{1}{|K|} > \tau\big]"#,
        paper: "M. Walter, J. Vreeken, J. Fischer. Now you see me! A framework for obtaining class-relevant "
            + "saliency maps. arXiv:2503.07346, 2025.",
        pitfalls: [
            "Without normalisation the softmax depends on the raw scale of the base maps (T = 0.1 assumes logit-scale "
                + "attributions); try --normalize joint when maps are tiny or huge.",
            "Costs one base attribution per competing class (batched).",
        ],
        notes: [
            "Absolute scores, T = 0.1, τ = 0.01 and no normalisation follow the authors' released code; the signed "
                + "score and joint normalisation are offered because the sources disagree.",
        ])

    public static let inputAgnostic = Explanation(
        name: "agnostic",
        title: "Input-agnostic saliency",
        idea: "A map of a class without any input image: random samples from an unrestricted distribution are "
            + "nudged down the loss toward the class, the normalised gradients of the nudges are accumulated and "
            + "projected onto a norm-bounded surface. The result shows what the model takes as evidence for the "
            + "class anywhere — for a backdoored model, the trigger.",
        formula: #"\delta_t = \mathbb{E}_{x \sim \mathcal{D}}\Big[\tfrac{\nabla_x J(f(x + \rho), \ell)}{\|\nabla_x J(f(x + \rho), \ell)\|_2}\Big], \qquad \rho \leftarrow \Psi_\eta\big(\rho - \lambda\, \delta_t\big) \quad \text{(with --moments: } \rho \leftarrow \Psi_\eta(\rho - \lambda\, \hat m_t / (\sqrt{\hat v_t} + \epsilon))\text{)}"#,
        paper: "N. Akhtar, M. A. A. K. Jalwana. Rethinking Interpretation: Input-Agnostic Saliency Mapping of Deep "
            + "Visual Classifiers. AAAI 2023 (arXiv:2303.17836).",
        pitfalls: [
            "Small models can be pushed to any class by moderate perturbations; read the map with its fooling rate.",
            "The map is a perturbation, not a heatmap of an image: it is shown scaled to [0, 1].",
            "Another seed finds another perturbation that fools as well: on shapes-cnn two seeds' maps are nearly "
                + "orthogonal. Compare maps made with the same seed, and read one map as one shortcut into the class "
                + "among many.",
        ],
        notes: [
            "Only the paper's abstract and captions were available: the per-sample gradient normalisation, the "
                + "moment estimates, the sphere projection and the refinement by restarts are this project's reading "
                + "and are options.",
        ])

    public static let backdoor = Explanation(
        name: "backdoor",
        title: "Backdoor scan: one verdict from the input-agnostic maps",
        idea: "A trojaned model has a shortcut into its target class from anywhere: the trigger. `%backdoor scan` "
            + "maps every class three ways (from noise, from half of the given clean images, and as a universal "
            + "perturbation bounded per pixel), cuts the noise and image maps to their strongest small window, and "
            + "measures how often each perturbation sends the other half of the images to the class. A last reading "
            + "pastes a small optimised patch (an eighth of the side) at the corners and the centre, as a BadNets "
            + "trigger is pasted rather than added, and measures the same. Each reading "
            + "becomes an anomaly index over the classes (how far a class stands from the median, in robust "
            + "deviations), divided by what clean models of the trojan benchmark reach; a class's "
            + "score is its largest calibrated index and the model is flagged when a score exceeds a threshold θ, the "
            + "highest score a clean model of the benchmark reached. With "
            + "--reference (a clean model of the same kind) every reading counts only how much more often the "
            + "perturbation fools the model than the reference.",
        formula: #"s_c = \max_r \frac{1}{k_r}\,\frac{F_r(c) - \operatorname{med}_j F_r(j)}{\max\big(0.1,\ 1.4826\,\operatorname{MAD}_j F_r(j)\big)}, \qquad \text{flag if } \max_c s_c > \theta"#,
        paper: "N. Akhtar, M. A. A. K. Jalwana. Rethinking Interpretation: Input-Agnostic Saliency Mapping of Deep "
            + "Visual Classifiers. AAAI 2023; the anomaly index of B. Wang et al., Neural Cleanse, IEEE S&P 2019 "
            + "(--method neural-cleanse runs it as the baseline).",
        pitfalls: [
            "What it cannot find: a trigger that is not a shortcut from everywhere. Source-specific triggers (only "
                + "some classes flip) move few of the measuring images; triggers larger than a quarter of the image "
                + "side, or a blend stronger than the per-pixel bound, are not what any reading adds; a sticker that "
                + "only works on the object reads as a patch only where the object is. A model whose own classes "
                + "are reached as easily as the target (a weak model, a natural sink: texture classes that a small "
                + "patch of their texture reaches) hides the target: give --reference. On the trojan benchmark's "
                + "newest held-out round it missed 3 of 15 trojans: two patches in a fixed place away from the corners "
                + "(both source-specific) and a patch that works anywhere on a digits ViT; on the earlier rounds, "
                + "likewise small patches and source-specific triggers (benchmarks/results/trojans-held-out-3.md). "
                + "On a strong model whose classes a pasted patch almost never reaches, the stamp reading alone "
                + "does not flag even a trigger that every image answers: the embedded shapes-trojan-patch is missed.",
            "It needs clean held-out images of the task (--images): on random samples a small model answers "
                + "mostly one class.",
            "The calibration comes from the trojan benchmark's seen models (small CNNs, ResNets and hybrid ViTs "
                + "at 32 and 64 px); on other models the threshold is a starting point, not a guarantee.",
        ],
        notes: [
            "The readings, windows, bounds and calibration are this project's reading of the paper's \"backdoor "
                + "signatures\" remark; the held-out half of tools/make_trojan_benchmark.py measures them "
                + "(benchmarks/results/trojans-held-out.md, -held-out-2.md, -held-out-3.md).",
        ])
}
