/// What a method computes, written for students: the idea, the formula, the paper, the pitfalls.
/// `%explain NAME` renders it as markdown with LaTeX.
public struct Explanation: Sendable, Equatable {
    /// The name users type (`ig`, `gradcam`, …).
    public var name: String
    public var title: String
    /// One paragraph: what question the map answers.
    public var idea: String
    /// The definition in LaTeX, without the surrounding `$$`.
    public var formula: String
    /// The paper that introduced it, as a citation.
    public var paper: String
    /// What goes wrong in practice and how to notice it.
    public var pitfalls: [String]
    /// Which parts are the project's reading rather than the paper's, where that applies.
    public var notes: [String] = []
    /// Other names of variants it also explains (`vargrad` under `smoothgrad`).
    public var variants: [String] = []

    public var markdown: String {
        var text = "## \(title) (`\(name)`)\n\n\(idea)\n\n$$\n\(formula)\n$$\n\n**Paper.** \(paper)\n"
        if !pitfalls.isEmpty {
            text += "\n**Pitfalls.**\n" + pitfalls.map { "- \($0)" }.joined(separator: "\n") + "\n"
        }
        if !notes.isEmpty {
            text += "\n**Notes.**\n" + notes.map { "- \($0)" }.joined(separator: "\n") + "\n"
        }
        return text
    }

    /// Every method's explanation, in the order a course meets them.
    public static let all: [Explanation] = [
        .gradient, .inputTimesGradient, .integratedGradients, .smoothGrad, .guidedBackprop, .deconvnet,
        .gradCAM, .gradCAMPlusPlus, .guidedGradCAM, .layerCAM, .lrp, .deepLIFT, .gradientSHAP, .occlusion,
        .rise, .var, .inputAgnostic, .backdoor,
    ]

    /// The explanation named `name`, or nil.
    public static func named(_ name: String) -> Explanation? {
        (all + metrics).first { $0.name == name.lowercased() || $0.variants.contains(name.lowercased()) }
    }
}
