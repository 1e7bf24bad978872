/// How maps are judged: what `%gridpg`, `%eval` and `%sanity` compute, for students as the methods are.
extension Explanation {
    public static let gridPointingGame = Explanation(
        name: "gridpg",
        title: "Grid pointing game",
        idea: "Put G×G scenes of distinct classes side by side, each one the model classifies confidently on its "
            + "own, and ask for the map of one cell's class on the whole mosaic. A map that localises the class puts "
            + "its positive attribution in that cell; one that lights up every object does not.",
        formula: #"\mathrm{GridPG}_i = \frac{\sum_{p \in \text{cell}_i} \max\big(\sum_{ch} A_{ch}(p), 0\big)}{\sum_{p} \max\big(\sum_{ch} A_{ch}(p), 0\big)}, \qquad \text{chance} = 1/G^2"#,
        paper: "M. Böhle, M. Fritz, B. Schiele. B-cos Networks: Alignment is All We Need for Interpretability. "
            + "CVPR 2022 (and S. Rao et al., Towards Better Understanding Attribution Methods, CVPR 2022).",
        pitfalls: [
            "Only positive attribution counts: a signed map with strong negative evidence elsewhere is not penalised for it.",
            "A model with a fixed input size sees the mosaic shrunk, each scene at 1/G of its side — a harder task than "
                + "the single scenes it was trained on.",
            "Localisation is not faithfulness: a map can point at the right cell for the wrong reason.",
        ])

    public static let perturbationCurves = Explanation(
        name: "deletion",
        title: "Deletion and insertion curves",
        idea: "If a map ranks pixels by importance, removing the top-ranked pixels first should destroy the class "
            + "score fastest (deletion), and revealing them first on a blurred or black canvas should restore it "
            + "fastest (insertion). The area under the score curve sums this up.",
        formula: #"\mathrm{AUC} = \int_0^1 f_c\big(x^{(t)}\big)\,dt, \qquad x^{(t)} = x \text{ with the top } t \text{ fraction of pixels by } A \text{ replaced (deletion) or revealed (insertion)}"#,
        paper: "V. Petsiuk, A. Das, K. Saenko. RISE: Randomized Input Sampling for Explanation of Black-box Models. "
            + "BMVC 2018.",
        pitfalls: [
            "Deleted pixels make images the model never saw: the score can fall because of the artefact, not the "
                + "evidence. Compare substitutes (black, blur) before trusting a ranking.",
            "Low deletion AUC is good, high insertion AUC is good; read both, since each can be gamed alone.",
            "The curve scores the map's ranking only, not its values or its sign.",
        ],
        variants: ["insertion"])

    public static let pointingGame = Explanation(
        name: "pointing",
        title: "Pointing game and energy on the object",
        idea: "Does the map's strongest point lie on the object (within a tolerance)? Its energy variant asks how "
            + "much of the positive attribution falls on the object's mask. Both need an image whose object mask is "
            + "known, such as the shapes scenes, or a set of your pictures with masks or boxes.",
        formula: #"\mathrm{hit} = \mathbb{1}\big[\operatorname{dist}(\arg\max_p A(p), \text{mask}) \le r\big], \qquad \mathrm{energy} = \frac{\sum_{p \in \text{mask}} \max(A(p), 0)}{\sum_p \max(A(p), 0)}"#,
        paper: "J. Zhang, Z. Lin, J. Brandt, X. Shen, S. Sclaroff. Top-down Neural Attention by Excitation "
            + "Backprop. ECCV 2016; energy variant: H. Wang et al., Score-CAM, CVPR Workshops 2020.",
        pitfalls: [
            "A large object makes hits easy: compare with the hit rate of a centre-only or random map.",
            "The model may rightly use context outside the mask; a low score then describes the model, not the method.",
        ])

    public static let sanityCheck = Explanation(
        name: "sanity",
        title: "Model randomization sanity check",
        idea: "An explanation of the model must change when the model does. Replace the learned weights by random "
            + "ones, layer after layer from the output (cascading), and compare each new map with the original. A "
            + "method whose maps stay alike explains the input's edges more than the model.",
        formula: #"s_\ell = \operatorname{sim}\big(|A_\theta(x)|,\; |A_{\theta_{\ell\to\text{random}}}(x)|\big), \qquad \operatorname{sim} \in \{\text{Spearman } \rho,\ \text{SSIM},\ \text{HOG}\}"#,
        paper: "J. Adebayo, J. Gilmer, M. Muelly, I. Goodfellow, M. Hardt, B. Kim. Sanity Checks for Saliency Maps. "
            + "NeurIPS 2018.",
        pitfalls: [
            "Similarity of absolute maps hides sign flips; a method can pass on |A| and fail on A.",
            "Guided Backprop's maps barely change: it reconstructs the image, the classic failure this check found.",
            "One image and one seed are an anecdote: repeat over images before drawing a conclusion "
                + "(`%sanity METHOD --images SET`).",
        ])

    public static let bootstrapIntervals = Explanation(
        name: "bootstrap",
        title: "Confidence intervals of a sweep",
        idea: "A mean score over 50 mosaics or 200 photos is an estimate: other pictures would give another one. "
            + "The bootstrap measures how much: resample the items with replacement thousands of times, take the mean "
            + "of each resample, and read the interval that holds the middle 95 % of those means. To compare two "
            + "methods, bootstrap their per-item difference: the same items scored twice differ far less than two "
            + "separate intervals suggest, and an interval of the difference that excludes 0 is a difference the items support.",
        formula: #"\bar{s}^{*b} = \frac{1}{n}\sum_{i=1}^{n} s_{I_{bi}},\ I_{bi} \sim \mathcal{U}\{1..n\}; \qquad \text{BCa: } \Big[\bar{s}^*_{(\alpha_1)}, \bar{s}^*_{(\alpha_2)}\Big],\ \alpha_{1,2} = \Phi\Big(\hat{z}_0 + \frac{\hat{z}_0 \mp z_{0.975}}{1 - \hat{a}(\hat{z}_0 \mp z_{0.975})}\Big)"#,
        paper: "B. Efron, R. Tibshirani. An Introduction to the Bootstrap. Chapman & Hall 1993 (BCa: chapter 14); "
            + "as SciPy's scipy.stats.bootstrap computes it.",
        pitfalls: [
            "The items must be independent: a mosaic's four cells are not, so GridPG bootstraps mosaics, not cells.",
            "An interval says how sure the mean is for pictures like these, from this model; it says nothing of other data.",
            "Overlapping intervals of two methods do not mean no difference: read the paired difference.",
            "With few items (under about 20) the interval is itself uncertain, BCa's most of all.",
        ])

    /// How maps are judged, in the order a course meets them.
    public static let metrics: [Explanation] = [.gridPointingGame, .perturbationCurves, .pointingGame, .sanityCheck, .bootstrapIntervals]
}
